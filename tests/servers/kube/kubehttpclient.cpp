#include "tests/servers/kube/kubehttpclient.h"

#include <QJsonDocument>

#include <curl/curl.h>

namespace meshscope::testing {

namespace {

size_t appendBody(char *data, size_t size, size_t count, void *user)
{
    static_cast<QByteArray *>(user)->append(data, static_cast<qsizetype>(size * count));
    return size * count;
}

} // namespace

QJsonObject KubeReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString KubeReply::summary() const
{
    if (!error.isEmpty())
        return QStringLiteral("transport error: %1").arg(error);
    const QJsonObject o = json();
    if (o.value(QLatin1String("kind")).toString() == QLatin1String("Status"))
        return QStringLiteral("%1 %2: %3")
            .arg(status)
            .arg(o.value(QLatin1String("reason")).toString(),
                 o.value(QLatin1String("message")).toString());
    return QStringLiteral("%1 %2").arg(status).arg(QString::fromUtf8(body.left(400)));
}

KubeHttpClient::KubeHttpClient()
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

KubeReply KubeHttpClient::request(const QByteArray &method, const QString &path,
                                  const QByteArray &body, const QByteArray &contentType,
                                  const QByteArray &token) const
{
    KubeReply reply;
    CURL *curl = curl_easy_init();
    if (!curl) {
        reply.error = QStringLiteral("curl_easy_init failed");
        return reply;
    }
    const QByteArray url = (m_baseUrl + path).toUtf8();
    const QByteArray ca = m_caFile.toLocal8Bit();
    curl_slist *headers = nullptr;
    headers = curl_slist_append(headers, "Accept: application/json");
    if (!token.isEmpty())
        headers =
            curl_slist_append(headers, QByteArray("Authorization: Bearer " + token).constData());
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH")
        headers =
            curl_slist_append(headers, QByteArray("Content-Type: " + contentType).constData());
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.constData());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca.constData());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    const CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK)
        reply.error = QString::fromUtf8(curl_easy_strerror(rc));
    else
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return reply;
}

} // namespace meshscope::testing
