#pragma once

// A kubeconfig as kubectl reads it: one or several files ($KUBECONFIG, colon-separated, else
// ~/.kube/config) merged by kubectl's rule — the first file to define a cluster, user or context
// name wins, and the first non-empty current-context wins. Resolving a context checks it the way
// kubectl does before its first request; errors name the file, the context and the field.
// Reading is pure (no file but the kubeconfigs themselves is opened), so it is fuzzed as is.

#include "chaos/kube/kubeconfigtypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace meshscope::chaos {

class Kubeconfig
{
public:
    // One file's text; `file` names it in errors and anchors its relative paths.
    static Result<Kubeconfig> parse(const QByteArray &text, const QString &file);
    // Several files merged in order. A listed file that does not exist is skipped (as kubectl
    // does), but at least one must exist.
    static Result<Kubeconfig> loadFiles(const QStringList &files);
    // $KUBECONFIG split on ':' (empty parts dropped, duplicates kept once), else ~/.kube/config.
    static QStringList defaultFiles();

    QString currentContext() const { return m_currentContext; }
    QStringList contextNames() const { return m_contexts.keys(); }
    QStringList files() const { return m_files; }

    // `context` overrides current-context (kubectl --context). The result has the server URL,
    // the namespace ("default" when the context sets none) and the cluster's and user's fields.
    Result<KubeConnection> resolve(const QString &context = {}) const;

private:
    void mergeFrom(const Kubeconfig &later); // entries `later` adds; what is here wins

    QStringList m_files;
    QString m_currentContext;
    QString m_currentContextFile;
    QMap<QString, KubeCluster> m_clusters;
    QMap<QString, KubeUser> m_users;
    QMap<QString, KubeContextEntry> m_contexts;
};

} // namespace meshscope::chaos
