#pragma once

#include "core/net/httptypes.h"
#include "core/result.h"

#include <functional>
#include <memory>
#include <vector>

namespace meshscope::core {

// The one HTTP transport: a libcurl multi handle driven by a worker thread that this object
// owns. Requests of a batch run concurrently; connections (and HTTP/2 streams) are reused across
// batches because the multi handle lives as long as the client. Thread-safe: any number of
// threads may run batches at once. The calls block, so they belong on a worker (a source's
// fetch() on the thread pool), never on the GUI thread.
class HttpClient
{
public:
    HttpClient();
    ~HttpClient(); // cancels what is still running and joins the worker
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    // Returns when every request has answered, failed or been cancelled through `cancel`;
    // results are in request order. Any HTTP status is a response; errors are transport
    // failures worded for a user (what happened and which URL).
    std::vector<Result<HttpResponse>> runBatch(const std::vector<HttpRequest> &requests,
                                               const CancelToken &cancel = {});
    Result<HttpResponse> fetch(const HttpRequest &request, const CancelToken &cancel = {});
    // The same, handing each result to `each` on the calling thread as soon as it completes
    // (completion order, with its request index): reading one answer overlaps the transfer of
    // the others. Returns when every request has been handed over.
    using EachResponse = std::function<void(size_t index, Result<HttpResponse> result)>;
    void runEach(const std::vector<HttpRequest> &requests, const EachResponse &each,
                 const CancelToken &cancel = {});

    // One client per process is enough and keeps the connection cache warm.
    static std::shared_ptr<HttpClient> shared();

private:
    class Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace meshscope::core
