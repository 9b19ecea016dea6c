#pragma once

#include "core/alerts/alerttypes.h"
#include "core/net/httpclient.h"
#include "core/result.h"

#include <memory>
#include <vector>

namespace meshscope::core {

struct AlertmanagerEndpoint
{
    QUrl baseUrl; // with any path prefix (--web.route-prefix)
    HttpOptions http;
};

// Reads alerts from Alertmanager's API v2. Blocking: call from a worker thread.
class AlertmanagerClient
{
public:
    explicit AlertmanagerClient(AlertmanagerEndpoint endpoint,
                                std::shared_ptr<HttpClient> http = HttpClient::shared());

    const AlertmanagerEndpoint &endpoint() const { return m_endpoint; }

    HttpRequest alertsRequest(const AlertFilter &filter) const;
    // `GET /api/v2/alerts` with the filter's matchers (`filter=` repeated) and state switches.
    Result<std::vector<Alert>> alerts(const AlertFilter &filter = {},
                                      const CancelToken &cancel = {}) const;

private:
    AlertmanagerEndpoint m_endpoint;
    std::shared_ptr<HttpClient> m_http;
};

} // namespace meshscope::core
