#pragma once

// One HTTPS request to a Kubernetes API server from a test, through a libcurl easy handle (the
// test helpers do not use the app's transport, which is under test elsewhere). TLS is verified
// against the given CA; the credential is a bearer token.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace meshscope::testing {

struct KubeReply
{
    long status = 0; // HTTP status; 0 when the request did not complete
    QByteArray body;
    QString error; // transport error (connection refused, TLS), empty otherwise

    QJsonObject json() const;
    // "422 Invalid: <message>" for a Kubernetes Status body, for failure messages.
    QString summary() const;
};

class KubeHttpClient
{
public:
    KubeHttpClient();

    void setBaseUrl(const QString &url) { m_baseUrl = url; }
    void setCaFile(const QString &path) { m_caFile = path; }

    // The body is sent for POST/PUT/PATCH; an empty token sends no Authorization header.
    KubeReply request(const QByteArray &method, const QString &path, const QByteArray &body,
                      const QByteArray &contentType, const QByteArray &token) const;

private:
    QString m_baseUrl;
    QString m_caFile;
};

} // namespace meshscope::testing
