#pragma once

#include <QDateTime>
#include <QStringList>
#include <QTextStream>

namespace meshscope::app {

// `meshscope experiment run FILE.yaml [--demo MESH | --context NAME --prometheus URL] --report
// DIR`: runs a guided experiment headless, writes the report and exits 0 when the hypothesis held,
// 1 when it did not, 2 on an error or an abort. On the demo mesh simulated time runs as fast as it
// computes.
struct ExperimentCommand
{
    QString file;
    QString demo = QStringLiteral("shop");
    QString context; // a kubeconfig context: a cluster run
    QString report;
    QString journalFolder;  // empty = <AppDataLocation>/experiments
    QString prometheus;     // PromQL conditions; on a cluster also the scores
    QStringList kubeconfig; // --kubeconfig files (empty = $KUBECONFIG / ~/.kube/config)
    QString metricProfile = QStringLiteral("istio"); // how the cluster's metrics become the graph
    quint64 seed = 1;
    QDateTime at;         // simulated start on the demo mesh; invalid = now
    bool cleanup = false; // `experiment cleanup` instead of `run`

    // `arguments` are those after "experiment". An error message names the option.
    static ExperimentCommand parse(const QStringList &arguments, QString *error);
    static QString helpText();
};

int runExperimentCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace meshscope::app
