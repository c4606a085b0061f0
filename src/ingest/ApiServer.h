#pragma once

#include "core/Clock.h"
#include "core/EventId.h"
#include "core/Interfaces.h"
#include "core/Metrics.h"
#include "ingest/HttpMessage.h"
#include "ingest/ServerLimits.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <deque>
#include <memory>

class QWebSocketServer;

namespace ingest {

class Authenticator;
class EventDecoder;
class HttpConnection;
class HttpServer;
class LiveStreamHub;

// The HTTP API of DESIGN.md section 4 that this build serves: event ingestion and query, the
// live stream, health and metrics. Lives on the server thread and must be constructed there
// (QWebSocketServer keeps members that do not follow moveToThread).
class ApiServer final : public QObject
{
    Q_OBJECT

public:
    // A route added by another module. `respond` may be called from any thread, exactly once.
    struct RouteCall
    {
        HttpRequest request;
        QStringList arguments; // the values of the pattern's {} segments
        QString actor;         // the API key's name
    };
    using Respond = std::function<void(const HttpResponse &)>;
    using RouteHandler = std::function<void(RouteCall call, Respond respond)>;

    struct Dependencies
    {
        core::EventSink *sink = nullptr;
        core::EventReader *reader = nullptr;
        std::unique_ptr<core::ApiKeyResolver> keys;
        core::MetricsRegistry *metrics = nullptr;
        const core::Clock *clock = nullptr;
        core::EventIdGenerator *ids = nullptr;
    };

    ApiServer(const ServerLimits &limits, Dependencies dependencies, QObject *parent = nullptr);
    ~ApiServer() override;

    // Returns an empty string on success, else why listening failed.
    QString listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    // Shutdown, step one: no new connections, and requests still arriving on open keep-alive
    // connections get 503 instead of reaching the pipeline or the store.
    void beginShutdown();
    void closeAll();

    // Adds METHOD PATTERN (segments "{}" match one path segment) behind SCOPE; call before
    // listen(), on the server thread.
    void addRoute(const QByteArray &method, const QString &pattern, const QString &scope, RouteHandler handler);

    // Runs an added route for the local dashboard user (no key: the desktop session is the
    // operator), on the server thread. Unknown routes answer 404.
    void dispatchLocal(HttpRequest request, const QString &actor, Respond respond);

    // Committed events for WebSocket subscribers; called through a queued connection.
    void publish(const core::EventBatch &batch);

private:
    void handle(HttpConnection *connection, HttpRequest &&request);
    void postEvents(HttpConnection *connection, HttpRequest &request);
    void getEvents(HttpConnection *connection, const HttpRequest &request);
    void queryEvents(const HttpRequest &request, Respond respond);
    void openStream(HttpConnection *connection, const HttpRequest &request);
    void health(HttpConnection *connection);
    void metrics(HttpConnection *connection);
    void reply(HttpConnection *connection, const char *route, const HttpResponse &response);
    void replyLater(quint64 connectionId, const char *route, const HttpResponse &response);
    bool authorize(HttpConnection *connection, const char *route, const HttpRequest &request, const QString &scope);
    void onStreamConnected();
    bool handleAddedRoute(HttpConnection *connection, HttpRequest &request);
    struct AddedRoute;
    // The added route for METHOD PATH (a literal segment beats a placeholder), or null; fills
    // the placeholder values and, when `allowed` is given, the methods the path supports.
    const AddedRoute *findRoute(const QByteArray &method, const QString &path, QStringList *arguments, QByteArrayList *allowed = nullptr) const;
    void countRejected(const char *reason, qsizetype events);
    void countResponse(const char *route, int status);

    ServerLimits m_limits;
    Dependencies m_deps;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<QWebSocketServer> m_webSockets;
    std::unique_ptr<LiveStreamHub> m_stream;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<EventDecoder> m_decoder;
    core::Counter *m_accepted = nullptr;
    core::Counter *m_duplicates = nullptr;
    core::Gauge *m_streamClients = nullptr;
    bool m_shuttingDown = false;
    struct AddedRoute
    {
        QByteArray method;
        QStringList segments;
        QString scope;
        QByteArray label; // the pattern, for metrics; stable storage for countResponse's key
        RouteHandler handler;
    };
    std::deque<AddedRoute> m_routes;
    // Resolved once per (route, status): the registry renders labels and locks on lookup.
    QHash<QPair<const char *, int>, core::Counter *> m_responseCounters;
};

} // namespace ingest
