#include "tests/servers/victoriametricsserver.h"

#include "core/net/httpclient.h"

#include <QFile>

namespace meshscope::tests {

VictoriaMetricsServer::VictoriaMetricsServer()
    : m_process(QStringLiteral("victoria-metrics"), QStringLiteral("victoria-metrics"))
{
}

meshscope::Result<void> VictoriaMetricsServer::start(const QStringList &scrapeTargets)
{
    QStringList args{
        QStringLiteral("-httpListenAddr=127.0.0.1:%1").arg(m_process.port()),
        QStringLiteral("-storageDataPath=") + m_process.dir() + QStringLiteral("/data"),
        QStringLiteral("-search.latencyOffset=0s"),
        QStringLiteral("-search.disableCache"),
        QStringLiteral("-loggerLevel=WARN"),
    };
    if (!scrapeTargets.isEmpty()) {
        const QString path = m_process.dir() + QStringLiteral("/scrape.yml");
        QFile file(path);
        const QString config = QStringLiteral("scrape_configs:\n"
                                              "  - job_name: targets\n"
                                              "    scrape_interval: 1s\n"
                                              "    static_configs:\n"
                                              "      - targets: ['%1']\n")
                                   .arg(scrapeTargets.join(QStringLiteral("', '")));
        if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0)
            return meshscope::Error{QStringLiteral("could not write %1").arg(path)};
        args.append(QStringLiteral("-promscrape.config=") + path);
    }
    return m_process.start(args, QStringLiteral("/health"));
}

meshscope::Result<void> VictoriaMetricsServer::importPrometheusText(const QByteArray &text)
{
    core::HttpClient http;
    QUrl import = m_process.baseUrl();
    import.setPath(QStringLiteral("/api/v1/import/prometheus"));
    auto r = http.fetch(core::HttpRequest::postBody(import, text, "text/plain"));
    if (!r || r->status / 100 != 2)
        return meshscope::Error{QStringLiteral("import into VictoriaMetrics failed: %1")
                                    .arg(r ? r->bodyExcerpt() : r.error())};
    QUrl flush = m_process.baseUrl();
    flush.setPath(QStringLiteral("/internal/force_flush"));
    r = http.fetch(core::HttpRequest::get(flush));
    if (!r || r->status != 200)
        return meshscope::Error{QStringLiteral("VictoriaMetrics force_flush failed: %1")
                                    .arg(r ? r->bodyExcerpt() : r.error())};
    return {};
}

} // namespace meshscope::tests
