#include "core/jaeger/jaegerjson_p.h"

#include "core/jaeger/jaegerparser.h"

namespace meshscope::core::jaeger_detail {

Error shapeError(const HttpResponse &r, const QString &where, const QString &what)
{
    return Error{QStringLiteral("Unexpected answer from %1: %2 %3").arg(r.url, where, what)};
}

QString statusText(const HttpResponse &r)
{
    return QStringLiteral("HTTP %1").arg(r.status);
}

// The first JSON value of `body` from `from` on; `consumed` says where it ended, so a stream of
// concatenated objects (the v3 gateway's chunks) can be read one after the other.
Result<QJsonDocument> jsonAt(const HttpResponse &r, qsizetype from, qsizetype *consumed)
{
    const QByteArray rest =
        QByteArray::fromRawData(r.body.constData() + from, r.body.size() - from);
    QJsonParseError error{};
    QJsonDocument doc = QJsonDocument::fromJson(rest, &error);
    qsizetype used = rest.size();
    if (error.error == QJsonParseError::GarbageAtEnd && error.offset > 0) {
        used = error.offset;
        doc = QJsonDocument::fromJson(rest.left(used), &error);
    }
    if (error.error != QJsonParseError::NoError) {
        const QString reason = error.error == QJsonParseError::DeepNesting
                                   ? QStringLiteral("nested too deeply")
                                   : error.errorString();
        return Error{
            QStringLiteral("Invalid JSON from %1 (%2, %3 bytes): %4 at byte %5%6")
                .arg(r.url, statusText(r), QString::number(r.body.size()), reason,
                     QString::number(from + error.offset),
                     r.isSuccess() ? QString() : QStringLiteral(": \"%1\"").arg(r.bodyExcerpt()))};
    }
    if (consumed)
        *consumed = used;
    return doc;
}

// Jaeger sends its JSON errors as text/plain, so the body decides, not the Content-Type.
Result<void> checkJsonBody(const HttpResponse &r)
{
    if (r.body.size() > JaegerParser::kMaxBodyBytes)
        return Error{QStringLiteral("The answer from %1 is %2 MiB, over the %3 MiB the parser "
                                    "accepts")
                         .arg(r.url)
                         .arg(r.body.size() / (1024 * 1024))
                         .arg(JaegerParser::kMaxBodyBytes / (1024 * 1024))};
    const QByteArray start = r.body.left(64).trimmed();
    if (!start.startsWith('{') && !start.startsWith('[')) {
        const QString type = r.contentType.isEmpty() ? QStringLiteral("no Content-Type")
                                                     : QString::fromLatin1(r.contentType);
        if (r.body.trimmed().isEmpty())
            return Error{QStringLiteral("%1 from %2 has an empty body (%3)")
                             .arg(statusText(r), r.url, type)};
        return Error{QStringLiteral("%1 from %2 is not JSON (%3): \"%4\"")
                         .arg(statusText(r), r.url, type, r.bodyExcerpt())};
    }
    return {};
}

} // namespace meshscope::core::jaeger_detail
