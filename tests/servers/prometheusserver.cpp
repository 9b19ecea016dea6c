#include "tests/servers/prometheusserver.h"

#include <QFile>

namespace meshscope::tests {

PrometheusServer::PrometheusServer()
    : m_process(QStringLiteral("prometheus"), QStringLiteral("prometheus"))
{
}

meshscope::Result<void> PrometheusServer::start(const Options &options)
{
    const QString interval = QStringLiteral("%1ms").arg(options.scrapeIntervalMs);
    const QString evaluation = QStringLiteral("%1ms").arg(
        options.evaluationIntervalMs > 0 ? options.evaluationIntervalMs : options.scrapeIntervalMs);
    QString config = QStringLiteral("global:\n"
                                    "  scrape_interval: %1\n"
                                    "  evaluation_interval: %3\n"
                                    "scrape_configs:\n"
                                    "  - job_name: prometheus\n"
                                    "    static_configs:\n"
                                    "      - targets: ['127.0.0.1:%2']\n")
                         .arg(interval)
                         .arg(m_process.port())
                         .arg(evaluation);
    if (options.scrapeTimeoutMs > 0) // a big exposition takes longer than the default 10 s
        config.replace(QStringLiteral("scrape_configs:\n"),
                       QStringLiteral("  scrape_timeout: %1ms\nscrape_configs:\n")
                           .arg(options.scrapeTimeoutMs));
    if (!options.targets.isEmpty()) {
        config += QStringLiteral("  - job_name: targets\n"
                                 "    static_configs:\n"
                                 "      - targets: ['%1']\n")
                      .arg(options.targets.join(QStringLiteral("', '")));
        if (!options.targetRelabelConfigs.isEmpty())
            config +=
                QStringLiteral("    metric_relabel_configs:\n") + options.targetRelabelConfigs;
    }
    if (!options.ruleFiles.isEmpty()) {
        config += QStringLiteral("rule_files:\n");
        for (const QString &f : options.ruleFiles)
            config += QStringLiteral("  - '%1'\n").arg(f);
    }
    const QString configPath = m_process.dir() + QStringLiteral("/prometheus.yml");
    QFile file(configPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0)
        return meshscope::Error{QStringLiteral("could not write %1").arg(configPath)};
    file.close();
    QStringList args{
        QStringLiteral("--config.file=") + configPath,
        QStringLiteral("--storage.tsdb.path=") + m_process.dir() + QStringLiteral("/data"),
        QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_process.port()),
        QStringLiteral("--log.level=warn"),
    };
    args += options.extraArguments;
    return m_process.start(args, QStringLiteral("/-/ready"));
}

} // namespace meshscope::tests
