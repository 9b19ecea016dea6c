#pragma once

#include "core/net/httptypes.h"
#include "core/result.h"

#include <curl/curl.h>

#include <QElapsedTimer>

#include <memory>

namespace meshscope::core {

// One request as a curl easy handle, with the buffers its callbacks fill. Lives on the
// HttpClient worker only.
class CurlTransfer
{
public:
    ~CurlTransfer();
    CurlTransfer(const CurlTransfer &) = delete;
    CurlTransfer &operator=(const CurlTransfer &) = delete;

    static Result<std::unique_ptr<CurlTransfer>> create(const HttpRequest &request);

    CURL *handle() const { return m_easy; }
    // Turns the outcome of the transfer into a response or a worded error.
    Result<HttpResponse> finish(CURLcode code);
    QString cancelledMessage() const;

private:
    CurlTransfer() = default;
    static size_t onWrite(char *data, size_t size, size_t count, void *self);
    static size_t onHeader(char *data, size_t size, size_t count, void *self);
    static int onConnected(void *self, char *, char *, int, int);
    QString describeFailure(CURLcode code) const;

    CURL *m_easy = nullptr;
    curl_slist *m_headerList = nullptr;
    curl_slist *m_connectTo = nullptr; // tls-server-name -> the URL's host
    HttpRequest m_request;
    QByteArray m_urlBytes;
    QByteArray m_postBody;
    HttpResponse m_response;
    bool m_capExceeded = false;
    bool m_connected = false; // a timeout before this is a connect timeout
    char m_errorBuffer[CURL_ERROR_SIZE] = {};
    QElapsedTimer m_timer;
};

} // namespace meshscope::core
