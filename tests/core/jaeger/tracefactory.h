#pragma once

// Traces in Jaeger's v1 UI JSON model for the Jaeger tests: a root span of `caller` and one
// child span of `callee` (a call caller -> callee); when asked, the caller's span is tagged
// error=true (the caller saw the call fail).

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace meshscope::tests {

inline QJsonObject makeTrace(const QString &id, qint64 startUs, qint64 durationUs,
                             const QString &caller, const QString &callee, bool error)
{
    const QJsonArray childTags{
        QJsonObject{{"key", "span.kind"}, {"type", "string"}, {"value", "server"}}};
    QJsonArray rootTags;
    if (error)
        rootTags.append(QJsonObject{{"key", "error"}, {"type", "bool"}, {"value", true}});
    const QJsonObject root{{"traceID", id},
                           {"spanID", "0000000000000001"},
                           {"operationName", "GET /"},
                           {"references", QJsonArray{}},
                           {"startTime", startUs},
                           {"duration", durationUs},
                           {"tags", rootTags},
                           {"processID", "p1"}};
    const QJsonObject child{{"traceID", id},
                            {"spanID", "0000000000000002"},
                            {"operationName", QString("POST /" + callee)},
                            {"references", QJsonArray{QJsonObject{{"refType", "CHILD_OF"},
                                                                  {"traceID", id},
                                                                  {"spanID", "0000000000000001"}}}},
                            {"startTime", startUs + 1000},
                            {"duration", durationUs / 2},
                            {"tags", childTags},
                            {"processID", "p2"}};
    return {{"traceID", id},
            {"spans", QJsonArray{root, child}},
            {"processes", QJsonObject{{"p1", QJsonObject{{"serviceName", caller}}},
                                      {"p2", QJsonObject{{"serviceName", callee}}}}},
            {"warnings", QJsonValue::Null}};
}

} // namespace meshscope::tests
