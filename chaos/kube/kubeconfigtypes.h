#pragma once

// Value types of a kubeconfig as kubectl reads it: the named clusters, users and contexts of one
// or several files, and the connection one context resolves to. Paths are already absolute
// (relative ones resolve against the file that named them, as kubectl does); every entry
// remembers its file so that an error can name it.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace meshscope::chaos {

// users[].user.exec: a credential plugin (client.authentication.k8s.io).
struct KubeExecConfig
{
    QString command; // absolute when it named a path relative to the kubeconfig
    QStringList args;
    QList<QPair<QString, QString>> env; // added to the plugin's environment, in order
    QString apiVersion;                 // client.authentication.k8s.io/v1 or /v1beta1
    QString installHint;
    bool provideClusterInfo = false;
    friend bool operator==(const KubeExecConfig &, const KubeExecConfig &) = default;
};

struct KubeCluster
{
    QString name;
    QString file; // the kubeconfig that defined it
    QString server;
    QString caFile;
    QByteArray caData; // decoded PEM
    bool insecure = false;
    QString proxyUrl;
    QString tlsServerName;
};

struct KubeUser
{
    QString name;
    QString file;
    QString token;
    QString tokenFile;
    QByteArray clientCertData; // decoded PEM
    QByteArray clientKeyData;
    QString clientCertFile;
    QString clientKeyFile;
    QString username;
    QString password;
    std::optional<KubeExecConfig> exec;
    QString authProvider; // name of a legacy auth-provider (unsupported, named in errors)
};

struct KubeContextEntry
{
    QString name;
    QString file;
    QString cluster;
    QString user;
    QString ns;
};

// What one context resolves to: where to connect and as whom.
struct KubeConnection
{
    QString contextName;
    QUrl server;
    QString ns = QStringLiteral("default"); // the context's namespace, "default" when unset
    KubeCluster cluster;
    KubeUser user;
};

} // namespace meshscope::chaos
