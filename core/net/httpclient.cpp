#include "core/net/httpclient.h"

#include "core/net/curltransfer_p.h"

#include <QLoggingCategory>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

Q_LOGGING_CATEGORY(lcNet, "meshscope.core.net")

namespace meshscope::core {

namespace {

// Where the results of one runEach() call gather, in the order they complete; the caller
// waits on `done` and takes them one by one.
struct BatchState
{
    std::mutex mutex;
    std::condition_variable done;
    std::vector<std::optional<Result<HttpResponse>>> results;
    std::deque<size_t> ready; // completed, not yet taken by the caller
    CancelToken cancel;

    void complete(size_t index, Result<HttpResponse> result)
    {
        std::lock_guard lock(mutex);
        results[index].emplace(std::move(result));
        ready.push_back(index);
        done.notify_all();
    }
};

struct Job
{
    std::shared_ptr<BatchState> batch;
    size_t index = 0;
    HttpRequest request;
};

struct Active
{
    Job job;
    std::unique_ptr<CurlTransfer> transfer;
};

// How often a running batch looks at its cancel token: bounds how long a superseded refresh
// keeps its connections busy.
constexpr int kCancelPollMs = 50;

} // namespace

class HttpClient::Worker
{
public:
    Worker()
    {
        static std::once_flag once;
        std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
        m_multi = curl_multi_init();
        // Reuse connections across batches; HTTP/2 multiplexes one connection per host.
        curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
        curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8L);
        m_thread = std::thread([this] { run(); });
    }

    ~Worker()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        curl_multi_wakeup(m_multi);
        m_thread.join();
        curl_multi_cleanup(m_multi);
    }

    void submit(std::vector<Job> jobs)
    {
        {
            std::lock_guard lock(m_mutex);
            for (Job &job : jobs)
                m_queue.push_back(std::move(job));
        }
        curl_multi_wakeup(m_multi);
    }

private:
    void run()
    {
        for (;;) {
            std::vector<Job> incoming;
            {
                std::lock_guard lock(m_mutex);
                if (m_stop)
                    break;
                incoming.swap(m_queue);
            }
            for (Job &job : incoming)
                start(std::move(job));
            dropCancelled();
            int running = 0;
            curl_multi_perform(m_multi, &running);
            int queued = 0;
            while (CURLMsg *msg = curl_multi_info_read(m_multi, &queued)) {
                if (msg->msg == CURLMSG_DONE)
                    finish(msg->easy_handle, msg->data.result);
            }
            curl_multi_poll(m_multi, nullptr, 0, m_active.empty() ? 1000 : kCancelPollMs, nullptr);
        }
        // Shutting down: whoever still waits gets an answer instead of hanging.
        std::vector<Job> left;
        {
            std::lock_guard lock(m_mutex);
            left.swap(m_queue);
        }
        for (Job &job : left)
            job.batch->complete(job.index, Error{QStringLiteral("HTTP client shut down")});
        for (auto &[easy, active] : m_active) {
            curl_multi_remove_handle(m_multi, easy);
            active.job.batch->complete(active.job.index,
                                       Error{active.transfer->cancelledMessage()});
        }
        m_active.clear();
    }

    void start(Job job)
    {
        if (job.batch->cancel.isCancelled()) {
            job.batch->complete(
                job.index,
                Error{QStringLiteral("Request to %1 was cancelled").arg(job.request.displayUrl())});
            return;
        }
        auto transfer = CurlTransfer::create(job.request);
        if (!transfer) {
            job.batch->complete(job.index, Error{transfer.error()});
            return;
        }
        CURL *easy = transfer.value()->handle();
        curl_multi_add_handle(m_multi, easy);
        m_active.emplace(easy, Active{std::move(job), std::move(transfer).value()});
    }

    void finish(CURL *easy, CURLcode code)
    {
        auto it = m_active.find(easy);
        if (it == m_active.end())
            return;
        curl_multi_remove_handle(m_multi, easy);
        Active active = std::move(it->second);
        m_active.erase(it);
        active.job.batch->complete(active.job.index, active.transfer->finish(code));
    }

    void dropCancelled()
    {
        for (auto it = m_active.begin(); it != m_active.end();) {
            if (!it->second.job.batch->cancel.isCancelled()) {
                ++it;
                continue;
            }
            curl_multi_remove_handle(m_multi, it->first);
            Active active = std::move(it->second);
            it = m_active.erase(it);
            active.job.batch->complete(active.job.index,
                                       Error{active.transfer->cancelledMessage()});
        }
    }

    CURLM *m_multi = nullptr;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<Job> m_queue;
    bool m_stop = false;
    std::map<CURL *, Active> m_active; // worker thread only
};

HttpClient::HttpClient() : m_worker(std::make_unique<Worker>()) {}

HttpClient::~HttpClient() = default;

void HttpClient::runEach(const std::vector<HttpRequest> &requests, const EachResponse &each,
                         const CancelToken &cancel)
{
    auto batch = std::make_shared<BatchState>();
    batch->results.resize(requests.size());
    batch->cancel = cancel;
    std::vector<Job> jobs;
    jobs.reserve(requests.size());
    for (size_t i = 0; i < requests.size(); ++i)
        jobs.push_back(Job{batch, i, requests[i]});
    m_worker->submit(std::move(jobs));

    for (size_t taken = 0; taken < requests.size(); ++taken) {
        std::optional<Result<HttpResponse>> result;
        size_t index = 0;
        {
            std::unique_lock lock(batch->mutex);
            batch->done.wait(lock, [&] { return !batch->ready.empty(); });
            index = batch->ready.front();
            batch->ready.pop_front();
            result = std::move(batch->results[index]);
        }
        // Outside the lock: the worker goes on with the other transfers meanwhile.
        each(index, std::move(*result));
    }
}

std::vector<Result<HttpResponse>> HttpClient::runBatch(const std::vector<HttpRequest> &requests,
                                                       const CancelToken &cancel)
{
    std::vector<std::optional<Result<HttpResponse>>> results(requests.size());
    runEach(
        requests,
        [&](size_t index, Result<HttpResponse> result) {
            results[index].emplace(std::move(result));
        },
        cancel);
    std::vector<Result<HttpResponse>> out;
    out.reserve(requests.size());
    for (auto &result : results)
        out.push_back(std::move(*result));
    return out;
}

Result<HttpResponse> HttpClient::fetch(const HttpRequest &request, const CancelToken &cancel)
{
    return std::move(runBatch({request}, cancel).front());
}

std::shared_ptr<HttpClient> HttpClient::shared()
{
    static const std::shared_ptr<HttpClient> client = std::make_shared<HttpClient>();
    return client;
}

} // namespace meshscope::core
