#pragma once

// What the IstioExporter tests share (tst_istioexporter: the exposition's shape;
// tst_istioexporter_faults: faults as each reporter sees them): the text exposition format read
// back independently of the exporter, and the shop mesh with its exporter at a fixed wall clock.
// Header-only; include as "tests/testsupport/istioexposition.h".

#include "core/demo/demomeshes.h"
#include "core/demo/istioexporter.h"
#include "core/demo/meshsimulator.h"
#include "tests/testsupport/simfixture.h"

#include <QMap>
#include <QRegularExpression>
#include <QStringList>

#include <vector>

namespace meshscope::testing::istio {

using namespace meshscope::core;

// One sample line of the text exposition format, read back independently of the exporter.
struct Sample
{
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
    QString key() const
    {
        QString k = name;
        for (auto it = labels.begin(); it != labels.end(); ++it)
            k += QLatin1Char('|') + it.key() + QLatin1Char('=') + it.value();
        return k;
    }
};

struct Exposition
{
    QMap<QString, QString> types; // family -> type, from "# TYPE"
    std::vector<Sample> samples;
    QMap<QString, double> byKey;
    QStringList errors;

    std::vector<Sample> family(const QString &name) const
    {
        std::vector<Sample> out;
        for (const Sample &s : samples)
            if (s.name == name)
                out.push_back(s);
        return out;
    }
};

inline Exposition parse(const QByteArray &text)
{
    static const QRegularExpression line(
        QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)\\} (\\S+)$"));
    static const QRegularExpression label(
        QStringLiteral("([a-zA-Z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\",?"));
    Exposition e;
    int n = 0;
    for (const QByteArray &raw : text.split('\n')) {
        ++n;
        const QString l = QString::fromUtf8(raw);
        if (l.isEmpty())
            continue;
        if (l.startsWith(QLatin1String("# TYPE "))) {
            const QStringList parts = l.split(QLatin1Char(' '));
            e.types.insert(parts.value(2), parts.value(3));
            continue;
        }
        if (l.startsWith(QLatin1Char('#')))
            continue;
        const auto m = line.match(l);
        if (!m.hasMatch()) {
            e.errors << QStringLiteral("line %1: %2").arg(n).arg(l.left(120));
            continue;
        }
        Sample s;
        s.name = m.captured(1);
        auto it = label.globalMatch(m.captured(2));
        while (it.hasNext()) {
            const auto lm = it.next();
            s.labels.insert(lm.captured(1), lm.captured(2));
        }
        bool ok = false;
        s.value = m.captured(3) == QLatin1String("+Inf") ? qInf() : m.captured(3).toDouble(&ok);
        if (!ok)
            e.errors << QStringLiteral("line %1: bad value %2").arg(n).arg(m.captured(3));
        if (e.byKey.contains(s.key()))
            e.errors << QStringLiteral("line %1: duplicate series").arg(n);
        e.byKey.insert(s.key(), s.value);
        e.samples.push_back(std::move(s));
    }
    return e;
}

inline constexpr qint64 kStart = 1'795'000'000'000; // a fixed wall clock: deterministic output

struct Shop
{
    MeshSimulator sim{loadDemoMesh(QStringLiteral("shop"), 7).value(), 7, kStart};
    IstioExporter exporter{sim.spec()};
    Exposition now() const { return parse(exporter.format(sim)); }
    NodeId id(const char *name) const { return meshscope::testing::sim::node(sim, name); }
};

} // namespace meshscope::testing::istio
