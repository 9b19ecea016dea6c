#pragma once

// Private to chaos/kube: reads the typed fields of one kubeconfig entry (a cluster, user or
// context), keeping the first problem with its place, e.g.
// "<file>: users[2] (alice): user.token expected a string, got a number".

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace meshscope::chaos {

class KubeconfigEntryReader
{
public:
    KubeconfigEntryReader(QString file, QString where, QJsonObject object)
        : m_file(std::move(file)), m_where(std::move(where)), m_object(std::move(object))
    {
    }

    // Each reads `key`; a missing or null value is empty, a wrongly typed one an error named
    // `prefix + key`.
    QString string(const QString &key, const QString &prefix = {});
    bool boolean(const QString &key, const QString &prefix = {});
    QByteArray base64(const QString &key, const QString &prefix = {});
    // A path relative to the kubeconfig's folder, as kubectl resolves it.
    QString path(const QString &key, const QString &prefix = {});
    QJsonObject object(const QString &key, const QString &prefix = {});
    QJsonArray array(const QString &key, const QString &prefix = {});

    KubeconfigEntryReader child(const QJsonObject &object) const
    {
        return {m_file, m_where, object};
    }
    void fail(const QString &field, const QString &what);
    void adopt(const KubeconfigEntryReader &other);
    const QString &error() const { return m_error; }

    static QString typeName(const QJsonValue &v);

private:
    QString m_file;
    QString m_where;
    QJsonObject m_object;
    QString m_error;
};

} // namespace meshscope::chaos
