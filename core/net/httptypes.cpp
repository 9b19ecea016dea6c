#include "core/net/httptypes.h"

#include <QRegularExpression>

namespace meshscope::core {

QByteArray encodeParams(const HttpParams &params)
{
    QByteArray out;
    for (const auto &[key, value] : params) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

HttpRequest HttpRequest::get(QUrl url, HttpParams query, HttpOptions options)
{
    HttpRequest r;
    r.method = Method::Get;
    r.url = std::move(url);
    r.query = std::move(query);
    r.options = std::move(options);
    return r;
}

HttpRequest HttpRequest::postForm(QUrl url, HttpParams form, HttpOptions options)
{
    HttpRequest r;
    r.method = Method::Post;
    r.url = std::move(url);
    r.form = std::move(form);
    r.options = std::move(options);
    return r;
}

HttpRequest HttpRequest::postBody(QUrl url, QByteArray body, QByteArray contentType,
                                  HttpOptions options)
{
    HttpRequest r;
    r.method = Method::Post;
    r.url = std::move(url);
    r.body = std::move(body);
    r.contentType = std::move(contentType);
    r.options = std::move(options);
    return r;
}

QString HttpRequest::displayUrl() const
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

QByteArray HttpRequest::methodName() const
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Post:
        return "POST";
    case Method::Put:
        return "PUT";
    case Method::Patch:
        return "PATCH";
    case Method::Delete:
        return "DELETE";
    }
    return "GET";
}

bool HttpResponse::isJson() const
{
    const QByteArray type = contentType.trimmed().toLower();
    return type.startsWith("application/json") || type.contains("+json");
}

QString HttpResponse::bodyExcerpt(int maxChars) const
{
    QString text = QString::fromUtf8(body.left(maxChars * 4));
    static const QRegularExpression space(QStringLiteral("\\s+"));
    text = text.replace(space, QStringLiteral(" ")).trimmed();
    if (text.size() > maxChars)
        text = text.left(maxChars) + QStringLiteral("…");
    return text;
}

} // namespace meshscope::core
