#pragma once

// What the snapshot writer and reader tests share (tst_snapshotio: JSON; tst_snapshotio_formats:
// DOT, GraphML, files): a small scored, laid-out topology whose names need escaping, and a
// writer's output as bytes. Header-only; include as "tests/testsupport/snapshotfixture.h".

#include "core/io/snapshotio.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QBuffer>

namespace meshscope::testing::snapshot {

using namespace meshscope::core;

// A name with every character the formats must escape: quote, backslash-free but dotted and
// dashed, XML specials.
inline const QString kOddName = QStringLiteral("pay\"ments.v2-<&>");

struct Fixture
{
    TopologyPtr topology;
    HealthScores scores;
    Positions positions;
    NodeIdSet pinned;

    SnapshotView view() const
    {
        SnapshotView v;
        v.topology = topology.get();
        v.scores = &scores;
        v.positions = &positions;
        v.pinned = &pinned;
        v.generatedAt = QDateTime(QDate(2024, 5, 1), QTime(12, 30, 15, 250), Qt::UTC);
        return v;
    }
};

// gateway -> frontend -> payments (odd name) and frontend -> cart (no latency known), plus an
// idle node "legacy" seen one refresh earlier.
inline Fixture fixture()
{
    TopologyBuilder builder;
    TelemetrySample earlier;
    earlier.nodes.push_back(NodeSample{svc(QStringLiteral("legacy"), QStringLiteral("old")),
                                       NodeKind::Database,
                                       QStringLiteral("v0"),
                                       1,
                                       0,
                                       {}});
    (void)builder.build(earlier);

    TelemetrySample s;
    s.timestampMs = 1714566600000;
    s.sourceName = QStringLiteral("demo:shop");
    s.nodes.push_back(NodeSample{
        svc(QStringLiteral("gateway")), NodeKind::Gateway, QStringLiteral("v1"), 2, 2, {}});
    s.nodes.push_back(NodeSample{
        svc(QStringLiteral("frontend")), NodeKind::Service, QStringLiteral("v3"), 3, 2, {}});
    s.nodes.push_back(
        NodeSample{svc(kOddName), NodeKind::Service, QStringLiteral("v2"), -1, -1, {}});
    EdgeSample a;
    a.source = svc(QStringLiteral("gateway"));
    a.destination = svc(QStringLiteral("frontend"));
    a.requestRate = 120.5;
    a.rate4xx = 1.25;
    a.rate5xx = 0.5;
    a.latency = LatencyQuantiles{4.0, 18.5, 40.25};
    a.mtlsShare = 1.0;
    a.tcpOpenedRate = 2.0;
    EdgeSample b;
    b.source = svc(QStringLiteral("frontend"));
    b.destination = svc(kOddName);
    b.protocol = Protocol::Grpc;
    b.requestRate = 30.0;
    b.rateGrpcError = 3.0;
    b.latency = LatencyQuantiles{10.0, 55.0, 99.0};
    EdgeSample c;
    c.source = svc(QStringLiteral("frontend"));
    c.destination = svc(QStringLiteral("cart"));
    c.requestRate = 0.0; // no traffic: error ratio and latency unknown (NaN)
    s.edges = {a, b, c};

    Fixture f;
    f.topology = builder.build(s);
    f.scores.generation = f.topology->generation();
    for (int i = 0; i < f.topology->nodeCount(); ++i) {
        HealthVerdict v;
        v.score = 90.0 - 10.0 * i;
        v.band = i == 0 ? HealthBand::Healthy : HealthBand::Degraded;
        v.factors = FactorScores{95.0, 80.0 + i, kNaN};
        v.driver = HealthFactor::Stability;
        // Each node a different kind of reason, so that every field makes the round trip.
        if (i % 3 == 0) {
            v.reason.code = ReasonCode::LatencyShift;
            v.reason.value = 250.0 + i;
            v.reason.baseline = 120.0;
            v.reason.sigma = 6.5;
            v.reason.samples = 30;
        } else if (i % 3 == 1) {
            v.reason.code = ReasonCode::ErrorTolerance;
            v.reason.errorClass = ErrorClass::GrpcError;
            v.reason.value = 12.5;
            v.reason.threshold = 10.0;
            v.reason.level = HealthBand::Failing;
        } else {
            v.reason.code = ReasonCode::Replicas;
            v.reason.ready = 1;
            v.reason.desired = 3;
        }
        f.scores.nodes.push_back(v);
    }
    for (int e = 0; e < f.topology->edgeCount(); ++e) {
        HealthVerdict v;
        v.score = e == 2 ? kNaN : 70.0 + e;
        v.band = e == 2 ? HealthBand::NoData : HealthBand::Failing;
        v.driver = HealthFactor::Protocol;
        f.scores.edges.push_back(v);
    }
    f.positions.insert(svc(QStringLiteral("gateway")), QPointF(0.0, 0.0));
    f.positions.insert(svc(QStringLiteral("frontend")), QPointF(120.5, -40.0));
    f.positions.insert(svc(kOddName), QPointF(240.0, 80.25));
    f.pinned.insert(svc(QStringLiteral("frontend")));
    return f;
}

inline QByteArray written(meshscope::Result<void> (*writer)(const SnapshotView &, QIODevice &),
                          const SnapshotView &view)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const meshscope::Result<void> r = writer(view, buffer);
    if (!r)
        qWarning("writer failed: %s", qPrintable(r.error()));
    return r ? buffer.data() : QByteArray();
}

} // namespace meshscope::testing::snapshot
