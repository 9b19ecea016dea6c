#include "chaos/manifest/schemavalidator.h"
#include "chaos/manifest/yamlcodec.h"

#include <QTest>

using namespace meshscope::chaos;

namespace {

// Structural-schema features the Chaos Mesh CRDs use, in one small schema.
const QByteArray kSchema = R"(type: object
required: [mode]
properties:
  mode: {type: string, enum: [one, all]}
  port: {type: integer, format: int32, minimum: 1, maximum: 65535}
  deadline: {type: integer, minimum: 0, exclusiveMinimum: true, nullable: true}
  name: {type: string, maxLength: 5}
  size: {anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}
  when: {type: string, format: date-time}
  body: {type: string, format: byte}
  tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}
  ports:
    type: array
    x-kubernetes-list-type: map
    x-kubernetes-list-map-keys: [port]
    items: {type: object, required: [port], properties: {port: {type: integer}, name: {type: string}}}
  labels: {type: object, additionalProperties: {type: string}}
  free: {type: object}
)";

} // namespace

class TestSchemaValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rules_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("issue"); // empty: valid
        QTest::newRow("minimal") << QByteArray("mode: one") << QString();
        QTest::newRow("all features valid")
            << QByteArray("mode: all\nport: 80\ndeadline: 5\nname: abc\nsize: 10\nwhen: "
                          "2026-11-29T20:00:00Z\nbody: aGVsbG8=\ntags: [a, b]\nports: [{port: 1}, "
                          "{port: 2}]\nlabels: {a: b}\nfree: {anything: [1, {x: y}]}")
            << QString();
        QTest::newRow("int-or-string text") << QByteArray("mode: one\nsize: 50%") << QString();
        QTest::newRow("nullable") << QByteArray("mode: one\ndeadline: null") << QString();
        QTest::newRow("required") << QByteArray("port: 80")
                                  << QStringLiteral("mode: Required value");
        QTest::newRow("enum")
            << QByteArray("mode: some")
            << QStringLiteral(
                   "mode: Unsupported value: \"some\": supported values: \"one\", \"all\"");
        QTest::newRow("type")
            << QByteArray("mode: one\nport: \"80\"")
            << QStringLiteral(
                   "port: Invalid value: \"string\": port in body must be of type integer");
        QTest::newRow("fraction is no integer")
            << QByteArray("mode: one\nport: 8.5") << QStringLiteral("must be of type integer");
        QTest::newRow("minimum")
            << QByteArray("mode: one\nport: 0")
            << QStringLiteral(
                   "port: Invalid value: 0: port in body should be greater than or equal to 1");
        QTest::newRow("maximum") << QByteArray("mode: one\nport: 70000")
                                 << QStringLiteral("should be less than or equal to 65535");
        QTest::newRow("exclusive minimum")
            << QByteArray("mode: one\ndeadline: 0")
            << QStringLiteral("deadline in body should be greater than 0");
        QTest::newRow("maxLength") << QByteArray("mode: one\nname: abcdef")
                                   << QStringLiteral("name: Too long: may not be longer than 5");
        QTest::newRow("int-or-string bool") << QByteArray("mode: one\nsize: true")
                                            << QStringLiteral("must be of type integer or string");
        QTest::newRow("date-time") << QByteArray("mode: one\nwhen: yesterday")
                                   << QStringLiteral("when in body must be of type date-time");
        QTest::newRow("byte") << QByteArray("mode: one\nbody: \"not base64!\"")
                              << QStringLiteral("body in body must be of type byte");
        QTest::newRow("set duplicate") << QByteArray("mode: one\ntags: [a, a]")
                                       << QStringLiteral("tags[1]: Duplicate value: \"a\"");
        QTest::newRow("map duplicate")
            << QByteArray("mode: one\nports: [{port: 1, name: a}, {port: 1, name: b}]")
            << QStringLiteral("ports[1]: Duplicate value");
        QTest::newRow("nested required") << QByteArray("mode: one\nports: [{name: a}]")
                                         << QStringLiteral("ports[0].port: Required value");
        QTest::newRow("additionalProperties type")
            << QByteArray("mode: one\nlabels: {a: 1}")
            << QStringLiteral("labels.a: Invalid value: \"integer\"");
        QTest::newRow("not nullable") << QByteArray("mode: one\nport: null")
                                      << QStringLiteral("port: Invalid value: \"null\"");
        QTest::newRow("unknown field")
            << QByteArray("mode: one\nprot: 80") << QStringLiteral("prot: unknown field \"prot\"");
    }
    void rules()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, issue);
        auto schema = YamlCodec::parse(kSchema);
        QVERIFY2(schema, qPrintable(schema.error()));
        auto doc = YamlCodec::parse(yaml);
        QVERIFY2(doc, qPrintable(doc.error()));
        ValidationIssues issues;
        SchemaValidator::validate(doc->value, schema->value.toObject(), QString(), &issues);
        const QString all = issueTexts(issues).join(QLatin1Char('\n'));
        if (issue.isEmpty()) {
            QVERIFY2(issues.empty(), qPrintable(all));
        } else {
            QCOMPARE(issues.size(), size_t(1));
            QVERIFY2(all.contains(issue), qPrintable(all));
        }
    }
};

QTEST_GUILESS_MAIN(TestSchemaValidator)
#include "tst_schemavalidator.moc"
