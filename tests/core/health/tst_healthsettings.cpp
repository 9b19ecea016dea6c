#include "core/health/healthsettings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace meshscope::core;
using meshscope::Result;

namespace {

QString defaultsPath()
{
    return QStringLiteral(MESHSCOPE_SOURCE_DIR "/resources/health.yaml");
}

} // namespace

class TestHealthSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shippedFileEqualsDefaults()
    {
        const Result<HealthSettings> r = HealthSettings::load(defaultsPath());
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QVERIFY(r.value() == HealthSettings{});
        // The numbers users read in the docs; a drifting default must fail here.
        const HealthSettings d;
        QCOMPARE(d.weights.connectivity, 0.40);
        QCOMPARE(d.weights.stability, 0.35);
        QCOMPARE(d.weights.protocol, 0.25);
        QCOMPARE(d.bands.healthy, 75.0);
        QCOMPARE(d.bands.degraded, 50.0);
        QCOMPARE(d.caps.degraded, 74.0);
        QCOMPARE(d.caps.failing, 49.0);
        QCOMPARE(d.tolerances.size(), size_t(4));
        QVERIFY(d.tolerances[1].code == ErrorClass::Http4xx);
        QCOMPARE(d.tolerances[1].degradedPercent, 10.0);
        QCOMPARE(d.tolerances[1].failurePercent, 20.0);
        QVERIFY(d.validate().isEmpty());
    }

    void roundTripsThroughYaml()
    {
        HealthSettings s;
        s.weights.stability = 0.5;
        s.bands.healthy = 80.0;
        s.caps.degraded = 79.0;
        s.tolerances.pop_back();
        s.tolerances[0].failurePercent = 5.0;
        s.stability.windowSamples = 30;
        s.connectivity.replicaVerdict = false;
        s.protocol.expectedMtlsShare = 0.0;
        const Result<HealthSettings> r =
            HealthSettings::fromYaml(s.toYaml(), QStringLiteral("roundtrip"));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QVERIFY(r.value() == s);
        QVERIFY(!(r.value() == HealthSettings{}));
    }

    void partialFileKeepsOtherDefaults()
    {
        const Result<HealthSettings> r =
            HealthSettings::fromYaml("weights:\n  protocol: 0\n", QStringLiteral("p.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        HealthSettings expected;
        expected.weights.protocol = 0.0;
        QVERIFY(r.value() == expected);

        const Result<HealthSettings> empty = HealthSettings::fromYaml("", QStringLiteral("e.yaml"));
        QVERIFY(empty.ok());
        QVERIFY(empty.value() == HealthSettings{});
    }

    void acceptsKialiCodeSpellings()
    {
        const QByteArray yaml =
            "tolerances:\n"
            "  - code: \"^5\\\\d\\\\d$\"\n    protocol: http\n    failure: 5\n"
            "  - code: \"^-$\"\n    protocol: http|grpc\n    degraded: 1\n    failure: 2\n";
        const Result<HealthSettings> r = HealthSettings::fromYaml(yaml, QStringLiteral("k.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->tolerances.size(), size_t(2));
        QVERIFY(r->tolerances[0].code == ErrorClass::Http5xx);
        QCOMPARE(r->tolerances[0].degradedPercent, 0.0);
        QCOMPARE(r->tolerances[0].failurePercent, 5.0);
        QVERIFY(r->tolerances[1].code == ErrorClass::NoResponse);
        QVERIFY(r->tolerances[1].http && r->tolerances[1].grpc);
    }

    // Kiali's health_config.rate pasted verbatim (the defaults of Kiali config.go
    // AddHealthDefault, as its docs print them) reads as Kiali's default tolerances.
    void acceptsKialiHealthConfigVerbatim()
    {
        const QByteArray yaml = "health_config:\n"
                                "  rate:\n"
                                "    - namespace: \"shop\"\n"
                                "      kind: \"app\"\n"
                                "      name: \"ratings.*\"\n"
                                "      tolerance:\n"
                                "        - code: \"5XX\"\n"
                                "          direction: \"inbound\"\n"
                                "          protocol: \"http\"\n"
                                "          degraded: 5\n"
                                "          failure: 20\n"
                                "    - tolerance:\n"
                                "        - code: \"5XX\"\n"
                                "          protocol: \"http\"\n"
                                "          direction: \".*\"\n"
                                "          failure: 10\n"
                                "        - code: \"4XX\"\n"
                                "          protocol: \"http\"\n"
                                "          direction: \".*\"\n"
                                "          degraded: 10\n"
                                "          failure: 20\n"
                                "        - code: \"^[1-9]$|^1[0-6]$\"\n"
                                "          protocol: \"grpc\"\n"
                                "          direction: \".*\"\n"
                                "          failure: 10\n"
                                "        - code: \"^-$\"\n"
                                "          protocol: \"http|grpc\"\n"
                                "          direction: \".*\"\n"
                                "          failure: 10\n";
        const Result<HealthSettings> r = HealthSettings::fromYaml(yaml, QStringLiteral("k.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->rateRules.size(), size_t(2));
        const RateRule &first = r->rateRules[0];
        QCOMPARE(first.namePattern, QStringLiteral("ratings.*"));
        QCOMPARE(first.tolerances.size(), size_t(1));
        QVERIFY(first.tolerances[0].inbound && !first.tolerances[0].outbound);
        QCOMPARE(first.tolerances[0].degradedPercent, 5.0);
        QVERIFY(r->rateRules[1].tolerances == HealthSettings::kialiDefaultTolerances());
        // Written back, it reads as the same value.
        const Result<HealthSettings> again =
            HealthSettings::fromYaml(r->toYaml(), QStringLiteral("again"));
        QVERIFY2(again.ok(), qPrintable(again.error()));
        QVERIFY(again.value() == r.value());
    }

    // A user's copy of an older default file (with the dropped handshake and reuse terms)
    // still loads.
    void olderFileStillLoads()
    {
        const Result<HealthSettings> r = HealthSettings::fromYaml(
            "protocol:\n  handshakeFailureRatioAtZero: 0.10\n  targetRequestsPerConnection: 2.0\n",
            QStringLiteral("old.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QVERIFY(r.value() == HealthSettings{});
    }

    void readsObjectivesAndConfidence()
    {
        const QByteArray yaml = "mode: kiali-exact\n"
                                "objectives:\n"
                                "  p95Ms: 500\n"
                                "  p99Ms: 2000\n"
                                "  overrides:\n"
                                "    - namespace: \"batch\"\n"
                                "      p95Ms: 30000\n"
                                "confidence:\n"
                                "  z: 2.576\n"
                                "  minRequests: 50\n";
        const Result<HealthSettings> r = HealthSettings::fromYaml(yaml, QStringLiteral("o.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QVERIFY(r->mode == HealthSettings::Mode::KialiExact);
        QCOMPARE(r->objectives.p95Ms, 500.0);
        QCOMPARE(r->objectives.p99Ms, 2000.0);
        QCOMPARE(r->objectives.overrides.size(), size_t(1));
        QCOMPARE(r->objectives.overrides[0].serviceGlob, QStringLiteral("*"));
        QVERIFY(std::isnan(r->objectives.overrides[0].p99Ms));
        QCOMPARE(r->confidence.z, 2.576);
        QCOMPARE(r->confidence.minRequests, 50.0);
        const Result<HealthSettings> again =
            HealthSettings::fromYaml(r->toYaml(), QStringLiteral("again"));
        QVERIFY2(again.ok(), qPrintable(again.error()));
        QVERIFY(again.value() == r.value());
    }

    // One rounding rule: the band is decided on the whole number a view shows (floor).
    void bandOfDecidesOnShownScore_data()
    {
        QTest::addColumn<double>("healthy");
        QTest::addColumn<double>("score");
        QTest::addColumn<double>("shown");
        QTest::addColumn<int>("band");
        QTest::newRow("74.6 shows 74, degraded")
            << 75.0 << 74.6 << 74.0 << int(HealthBand::Degraded);
        QTest::newRow("75 healthy") << 75.0 << 75.0 << 75.0 << int(HealthBand::Healthy);
        QTest::newRow("a 75 computed as 74.999...")
            << 75.0 << 0.4 * 75.0 / 0.4 - 1e-13 << 75.0 << int(HealthBand::Healthy);
        QTest::newRow("80 degraded under healthy 85")
            << 85.0 << 80.0 << 80.0 << int(HealthBand::Degraded);
        QTest::newRow("49.9 shows 49, failing") << 75.0 << 49.9 << 49.0 << int(HealthBand::Failing);
        QTest::newRow("0 failing") << 75.0 << 0.0 << 0.0 << int(HealthBand::Failing);
        QTest::newRow("NaN no data") << 75.0 << kNaN << kNaN << int(HealthBand::NoData);
    }

    void bandOfDecidesOnShownScore()
    {
        QFETCH(double, healthy);
        QFETCH(double, score);
        QFETCH(double, shown);
        QFETCH(int, band);
        HealthSettings::Bands bands;
        bands.healthy = healthy;
        if (std::isnan(shown))
            QVERIFY(std::isnan(shownScore(score)));
        else
            QCOMPARE(shownScore(score), shown);
        QVERIFY2(bands.bandOf(score) == HealthBand(band),
                 qPrintable(toString(bands.bandOf(score))));
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected"); // must appear in the message, position included

        QTest::newRow("syntax") << QByteArray("weights:\n  connectivity: [0.4,\n")
                                << QStringLiteral("bad.yaml:3:");
        QTest::newRow("syntax names YAML")
            << QByteArray("weights: {a: 1\n") << QStringLiteral("YAML syntax error");
        QTest::newRow("not a number")
            << QByteArray("weights:\n  connectivity: lots\n")
            << QStringLiteral(
                   "bad.yaml:2:17: weights.connectivity: expected a number, got \"lots\"");
        QTest::newRow("negative weight")
            << QByteArray("weights:\n  stability: -0.1\n")
            << QStringLiteral("bad.yaml:2:14: weights.stability: weight must be >= 0");
        QTest::newRow("all weights zero")
            << QByteArray("weights:\n  connectivity: 0\n  stability: 0\n  protocol: 0\n")
            << QStringLiteral("bad.yaml:2:3: weights: at least one weight must be > 0");
        QTest::newRow("unknown top key")
            << QByteArray("bands:\n  healthy: 75\nwieghts:\n  protocol: 1\n")
            << QStringLiteral("bad.yaml:3:1: wieghts: unknown key");
        QTest::newRow("unknown nested key")
            << QByteArray("stability:\n  window: 30\n")
            << QStringLiteral("bad.yaml:2:3: stability.window: unknown key");
        QTest::newRow("bands out of order")
            << QByteArray("bands:\n  healthy: 40\n  degraded: 60\n")
            << QStringLiteral("bad.yaml:3:13: bands.degraded: must be > 0 and < bands.healthy");
        QTest::newRow("cap above healthy") << QByteArray("caps:\n  degraded: 80\n")
                                           << QStringLiteral("bad.yaml:2:13: caps.degraded:");
        QTest::newRow("integer expected")
            << QByteArray("stability:\n  windowSamples: 2.5\n")
            << QStringLiteral("bad.yaml:2:18: stability.windowSamples: expected an integer");
        QTest::newRow("bool expected")
            << QByteArray("connectivity:\n  replicaVerdict: maybe\n")
            << QStringLiteral("bad.yaml:2:19: connectivity.replicaVerdict: expected true or false");
        QTest::newRow("unknown error class")
            << QByteArray("tolerances:\n  - code: 3xx\n")
            << QStringLiteral("bad.yaml:2:11: tolerances[0].code: unknown error class");
        QTest::newRow("failure below degraded")
            << QByteArray("tolerances:\n  - code: 4xx\n    degraded: 20\n    failure: 10\n")
            << QStringLiteral("bad.yaml:4:14: tolerances[0].failure:");
        QTest::newRow("tolerances not a list")
            << QByteArray("tolerances: 5xx\n")
            << QStringLiteral("bad.yaml:1:13: tolerances: expected a list");
        QTest::newRow("document is a list")
            << QByteArray("- weights\n") << QStringLiteral("bad.yaml:1:1: expected a mapping");
        QTest::newRow("kiali code splits a class")
            << QByteArray("health_config:\n  rate:\n    - tolerance:\n        - code: \"^503$\"\n"
                          "          failure: 5\n")
            << QStringLiteral("bad.yaml:4:11: health_config.rate[0].tolerance[0].code: \"^503$\" "
                              "matches 1 of the 100 codes of class 5xx");
        QTest::newRow("kiali code matches success codes")
            << QByteArray("health_config:\n  rate:\n    - tolerance:\n        - code: \".*\"\n")
            << QStringLiteral("health_config.rate[0].tolerance[0].code: \".*\" matches success");
        QTest::newRow("kiali regex does not compile")
            << QByteArray("health_config:\n  rate:\n    - namespace: \"(shop\"\n")
            << QStringLiteral("bad.yaml:3:18: health_config.rate[0].namespace: invalid regular");
        QTest::newRow("both tolerance lists")
            << QByteArray("tolerances: []\nhealth_config:\n  rate: []\n")
            << QStringLiteral("health_config: give either tolerances or health_config");
        QTest::newRow("unknown mode") << QByteArray("mode: kiali\n")
                                      << QStringLiteral("bad.yaml:1:7: mode: expected meshscope");
        QTest::newRow("objective factor")
            << QByteArray("objectives:\n  failingFactor: 1\n")
            << QStringLiteral("bad.yaml:2:18: objectives.failingFactor: must be > 1");
        QTest::newRow("negative override")
            << QByteArray("objectives:\n  overrides:\n    - service: \"a*\"\n      p95Ms: -5\n")
            << QStringLiteral("bad.yaml:4:14: objectives.overrides[0].p95Ms: must be >= 0");
        QTest::newRow("swing out of order")
            << QByteArray("stability:\n  latencySwingAtZero: 0.1\n")
            << QStringLiteral("bad.yaml:2:23: stability.latencySwingAtZero: must be >");
        QTest::newRow("min above window")
            << QByteArray("stability:\n  windowSamples: 5\n  minSamples: 6\n")
            << QStringLiteral("bad.yaml:3:15: stability.minSamples:");
    }

    void rejectsBadInput()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const Result<HealthSettings> r = HealthSettings::fromYaml(yaml, QStringLiteral("bad.yaml"));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(expected), qPrintable(r.error()));
    }

    void missingFileNamesThePath()
    {
        const Result<HealthSettings> r =
            HealthSettings::load(QStringLiteral("/nonexistent/health.yaml"));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().startsWith(QStringLiteral("/nonexistent/health.yaml: cannot read")),
                 qPrintable(r.error()));
    }
};

QTEST_GUILESS_MAIN(TestHealthSettings)
#include "tst_healthsettings.moc"
