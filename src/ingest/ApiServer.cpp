#include "ingest/ApiServer.h"

#include "core/EventJson.h"
#include "core/Rfc3339.h"
#include "ingest/Authenticator.h"
#include "ingest/ContentDecoding.h"
#include "ingest/EventDecoder.h"
#include "ingest/HttpConnection.h"
#include "ingest/HttpServer.h"
#include "ingest/LiveStreamHub.h"

#include <QJsonArray>
#include <QPointer>
#include <QSet>
#include <QWebSocket>
#include <QWebSocketServer>
#include <algorithm>

namespace ingest {

namespace {

const char *const routeEvents = "/v1/events";
const char *const routeStream = "/v1/events/stream";
const char *const routeHealth = "/health";
const char *const routeMetrics = "/metrics";
const char *const routeNone = "unmatched";

QJsonArray problemsJson(QList<core::FieldProblem> problems)
{
    std::stable_sort(problems.begin(), problems.end(), [](const auto &a, const auto &b) { return a.index < b.index; });
    QJsonArray details;
    for (const core::FieldProblem &p : problems)
        details.append(QJsonObject{{QStringLiteral("index"), qint64(p.index)},
                                   {QStringLiteral("field"), p.field},
                                   {QStringLiteral("problem"), p.problem}});
    return details;
}

HttpResponse methodNotAllowed(const QByteArray &allow)
{
    HttpResponse response = HttpResponse::error(405, QStringLiteral("method not allowed; use %1").arg(QString::fromLatin1(allow)));
    response.addHeader("Allow", allow);
    return response;
}

// Reads the stream/query filters shared by GET /v1/events and the live stream.
bool readFilter(const QUrlQuery &query, core::EventFilter *filter, QJsonArray *details)
{
    filter->source = query.queryItemValue(QStringLiteral("source"), QUrl::FullyDecoded);
    filter->type = query.queryItemValue(QStringLiteral("type"), QUrl::FullyDecoded);
    if (query.hasQueryItem(QStringLiteral("min_severity"))) {
        const auto severity = core::parseSeverity(query.queryItemValue(QStringLiteral("min_severity")));
        if (!severity)
            details->append(QJsonObject{{QStringLiteral("field"), QStringLiteral("min_severity")},
                                        {QStringLiteral("problem"), QStringLiteral("must be one of INFO, WARN, ERROR, CRITICAL")}});
        else
            filter->minSeverity = *severity;
    }
    return details->isEmpty();
}

} // namespace

ApiServer::ApiServer(const ServerLimits &limits, Dependencies dependencies, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_deps(std::move(dependencies))
    , m_http(std::make_unique<HttpServer>(limits))
    , m_webSockets(std::make_unique<QWebSocketServer>(QStringLiteral("Sentinel"), QWebSocketServer::NonSecureMode))
    , m_stream(std::make_unique<LiveStreamHub>(limits.streamHighWaterBytes))
    , m_auth(std::make_unique<Authenticator>(m_deps.keys.get(), m_deps.clock))
    , m_decoder(std::make_unique<EventDecoder>())
{
    core::MetricsRegistry *metrics = m_deps.metrics;
    m_accepted = metrics->counter("sentinel_events_accepted_total", "Events durably stored and acknowledged with 202.");
    m_duplicates = metrics->counter("sentinel_events_duplicate_total",
                                    "Events acknowledged again whose event_id was already stored.");
    m_streamClients = metrics->gauge("sentinel_websocket_clients", "Connected live-stream WebSocket clients.");
    m_http->setHandler([this](HttpConnection *connection, HttpRequest &&request) { handle(connection, std::move(request)); });
    m_http->setStatusObserver([this](int status) { countResponse(routeNone, status); });
    connect(m_webSockets.get(), &QWebSocketServer::newConnection, this, &ApiServer::onStreamConnected);
    connect(m_stream.get(), &LiveStreamHub::clientCountChanged, this, [this](int count) { m_streamClients->set(count); });
}

ApiServer::~ApiServer()
{
    closeAll();
}

QString ApiServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_http->listen(address, port))
        return m_http->errorString();
    return {};
}

quint16 ApiServer::port() const
{
    return m_http->serverPort();
}

void ApiServer::beginShutdown()
{
    m_shuttingDown = true;
    m_http->stopAccepting();
}

void ApiServer::closeAll()
{
    m_stream->closeAll();
    m_http->closeAll();
}

void ApiServer::publish(const core::EventBatch &batch)
{
    m_stream->publish(batch);
}

void ApiServer::countResponse(const char *route, int status)
{
    core::Counter *&counter = m_responseCounters[qMakePair(route, status)];
    if (!counter)
        counter = m_deps.metrics->counter("sentinel_http_requests_total", "HTTP requests answered, by route and status code.",
                                          {{"route", route}, {"code", QByteArray::number(status)}});
    counter->increment();
}

void ApiServer::reply(HttpConnection *connection, const char *route, const HttpResponse &response)
{
    countResponse(route, response.status);
    connection->respond(response);
}

void ApiServer::replyLater(quint64 connectionId, const char *route, const HttpResponse &response)
{
    // Called from the writer or reader thread: hop back to this thread, then find the connection
    // by id, since the client may have gone in the meantime.
    QMetaObject::invokeMethod(this, [this, connectionId, route, response] {
        if (HttpConnection *connection = m_http->connectionById(connectionId))
            reply(connection, route, response);
    }, Qt::QueuedConnection);
}

bool ApiServer::authorize(HttpConnection *connection, const char *route, const HttpRequest &request, const QString &scope)
{
    const AuthResult result = m_auth->authorize(request, scope);
    if (result.status == 200)
        return true;
    HttpResponse response = HttpResponse::error(result.status, result.message);
    if (result.status == 401)
        response.addHeader("WWW-Authenticate", "Bearer realm=\"sentinel\"");
    reply(connection, route, response);
    return false;
}

void ApiServer::handle(HttpConnection *connection, HttpRequest &&request)
{
    const QString &path = request.path;
    const QByteArray &method = request.method;
    if (m_shuttingDown) {
        HttpResponse closing = HttpResponse::error(503, QStringLiteral("the server is shutting down"));
        closing.addHeader("Retry-After", "5");
        closing.closeConnection = true;
        return reply(connection, routeNone, closing);
    }
    if (path == QLatin1String(routeEvents)) {
        if (method == "POST")
            postEvents(connection, request);
        else if (method == "GET")
            getEvents(connection, request);
        else
            reply(connection, routeEvents, methodNotAllowed("GET, POST"));
    } else if (path == QLatin1String(routeStream)) {
        if (method == "GET")
            openStream(connection, request);
        else
            reply(connection, routeStream, methodNotAllowed("GET"));
    } else if (path == QLatin1String(routeHealth)) {
        if (method == "GET")
            health(connection);
        else
            reply(connection, routeHealth, methodNotAllowed("GET"));
    } else if (path == QLatin1String(routeMetrics)) {
        if (method == "GET")
            metrics(connection);
        else
            reply(connection, routeMetrics, methodNotAllowed("GET"));
    } else if (!handleAddedRoute(connection, request)) {
        reply(connection, routeNone, HttpResponse::error(404, QStringLiteral("no such endpoint: %1").arg(path)));
    }
}

const ApiServer::AddedRoute *ApiServer::findRoute(const QByteArray &method, const QString &path, QStringList *arguments,
                                                  QByteArrayList *allowed) const
{
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const AddedRoute *matched = nullptr;
    for (const AddedRoute &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        QStringList values;
        bool fits = true;
        for (qsizetype i = 0; i < segments.size() && fits; ++i) {
            if (route.segments[i] == QLatin1String("{}"))
                values.append(segments[i]);
            else
                fits = route.segments[i] == segments[i];
        }
        if (!fits)
            continue;
        if (allowed && !allowed->contains(route.method))
            allowed->append(route.method);
        // A literal segment beats a placeholder: /policies/export is not /policies/{}.
        if (route.method == method && (!matched || values.size() < arguments->size())) {
            matched = &route;
            *arguments = values;
        }
    }
    return matched;
}

void ApiServer::dispatchLocal(HttpRequest request, const QString &actor, Respond respond)
{
    QStringList arguments;
    const AddedRoute *matched = findRoute(request.method, request.path, &arguments);
    if (!matched) {
        if (request.method == "GET" && request.path == QLatin1String(routeEvents))
            return queryEvents(request, std::move(respond));
        return respond(HttpResponse::error(404, QStringLiteral("no such endpoint: %1").arg(request.path)));
    }
    matched->handler(RouteCall{std::move(request), arguments, actor}, std::move(respond));
}

void ApiServer::addRoute(const QByteArray &method, const QString &pattern, const QString &scope, RouteHandler handler)
{
    m_routes.push_back({method, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), scope, pattern.toUtf8(), std::move(handler)});
}

bool ApiServer::handleAddedRoute(HttpConnection *connection, HttpRequest &request)
{
    QByteArrayList allowed;
    QStringList arguments;
    const AddedRoute *matched = findRoute(request.method, request.path, &arguments, &allowed);
    if (!matched) {
        if (allowed.isEmpty())
            return false;
        reply(connection, routeNone, methodNotAllowed(allowed.join(", ")));
        return true;
    }
    const AuthResult auth = m_auth->authorize(request, matched->scope);
    if (auth.status != 200) {
        HttpResponse response = HttpResponse::error(auth.status, auth.message);
        if (auth.status == 401)
            response.addHeader("WWW-Authenticate", "Bearer realm=\"sentinel\"");
        reply(connection, matched->label.constData(), response);
        return true;
    }
    const QString contentType = QString::fromLatin1(request.header("content-type")).toLower();
    if (!request.body.isEmpty() && !contentType.isEmpty() && !contentType.contains(QLatin1String("json"))) {
        reply(connection, matched->label.constData(), HttpResponse::error(415, QStringLiteral("send application/json")));
        return true;
    }
    const quint64 connectionId = connection->id();
    const char *label = matched->label.constData();
    matched->handler(RouteCall{std::move(request), arguments, auth.key.name},
                     [this, connectionId, label](const HttpResponse &response) { replyLater(connectionId, label, response); });
    return true;
}

void ApiServer::countRejected(const char *reason, qsizetype events)
{
    m_deps.metrics->counter("sentinel_events_rejected_total", "Events refused, by reason.", {{"reason", reason}})
        ->increment(quint64(qMax<qsizetype>(events, 1)));
}

void ApiServer::postEvents(HttpConnection *connection, HttpRequest &request)
{
    if (!authorize(connection, routeEvents, request, core::scopes::ingest))
        return;
    QString problem;
    switch (decodeContent(request.header("content-encoding"), &request.body, m_limits.maxDecodedBodyBytes, &problem)) {
    case DecodeStatus::Ok: break;
    case DecodeStatus::Unsupported:
        countRejected("encoding", 1);
        return reply(connection, routeEvents, HttpResponse::error(415, problem));
    case DecodeStatus::TooLarge:
        countRejected("too_large", 1);
        return reply(connection, routeEvents, HttpResponse::error(413, problem));
    case DecodeStatus::Corrupt:
        countRejected("encoding", 1);
        return reply(connection, routeEvents, HttpResponse::error(400, problem));
    }
    const QByteArray contentType = request.header("content-type").toLower();
    const bool ndjson = contentType.contains("ndjson") || contentType.contains("jsonl") || contentType.contains("json-seq");
    if (!contentType.isEmpty() && !ndjson && !contentType.contains("json")) {
        countRejected("content_type", 1);
        return reply(connection, routeEvents, HttpResponse::error(415,
            QStringLiteral("unsupported Content-Type \"%1\"; send application/json or application/x-ndjson")
                .arg(QString::fromLatin1(contentType))));
    }
    DecodedBatch batch = m_decoder->decode(request.body, ndjson, m_limits.maxBatchEvents);
    request.body.clear();
    if (!batch.error.isEmpty()) {
        countRejected(batch.tooManyEvents ? "too_large" : "invalid_json", 1);
        return reply(connection, routeEvents, HttpResponse::error(batch.tooManyEvents ? 413 : 400, batch.error));
    }
    const qint64 now = m_deps.clock->nowMs();
    QList<core::FieldProblem> problems = batch.problems;
    core::EventList events;
    events.reserve(batch.events.size());
    for (qsizetype i = 0; i < batch.events.size(); ++i) {
        if (auto event = core::validateEvent(batch.events[i], batch.indices[i], m_limits.event, now, &problems))
            events.append(std::move(*event));
    }
    const qsizetype total = batch.events.size() + batch.problems.size();
    if (!problems.isEmpty()) {
        countRejected("validation", total);
        QSet<qsizetype> invalid;
        for (const core::FieldProblem &p : std::as_const(problems))
            invalid.insert(p.index);
        return reply(connection, routeEvents,
                     HttpResponse::error(400, QStringLiteral("%1 of %2 events are invalid; nothing was stored").arg(invalid.size()).arg(total),
                                         problemsJson(problems)));
    }
    for (core::EventRecord &event : events) {
        if (event.eventId.isNull())
            event.eventId = m_deps.ids->next(now);
    }
    const quint64 connectionId = connection->id();
    const qsizetype count = events.size();
    const bool queued = m_deps.sink->submit(std::move(events), [this, connectionId, count](const core::CommitOutcome &outcome) {
        if (!outcome.ok) {
            HttpResponse failed = HttpResponse::error(503, QStringLiteral("the event store could not commit: %1").arg(outcome.error));
            failed.addHeader("Retry-After", "5");
            return replyLater(connectionId, routeEvents, failed);
        }
        m_accepted->increment(quint64(count));
        m_duplicates->increment(quint64(outcome.duplicates));
        replyLater(connectionId, routeEvents,
                   HttpResponse::json(202, QJsonObject{{QStringLiteral("accepted"), qint64(count)},
                                                       {QStringLiteral("duplicates"), qint64(outcome.duplicates)}}));
    });
    if (!queued) {
        countRejected("queue_full", count);
        HttpResponse busy = HttpResponse::error(503, QStringLiteral("the ingestion queue is full; retry after the indicated delay"));
        busy.addHeader("Retry-After", "1");
        reply(connection, routeEvents, busy);
    }
}

void ApiServer::getEvents(HttpConnection *connection, const HttpRequest &request)
{
    if (!authorize(connection, routeEvents, request, core::scopes::read))
        return;
    const quint64 connectionId = connection->id();
    queryEvents(request, [this, connectionId](const HttpResponse &response) { replyLater(connectionId, routeEvents, response); });
}

void ApiServer::queryEvents(const HttpRequest &request, Respond respond)
{
    const QUrlQuery &q = request.query;
    core::EventQuery query;
    core::EventFilter filter;
    QJsonArray details;
    readFilter(q, &filter, &details);
    query.source = filter.source;
    query.type = filter.type;
    query.minSeverity = filter.minSeverity;
    query.text = q.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
    const auto readTime = [&](const QString &name, std::optional<qint64> *out) {
        if (!q.hasQueryItem(name))
            return;
        if (const auto ms = core::parseRfc3339(q.queryItemValue(name, QUrl::FullyDecoded)))
            *out = *ms;
        else
            details.append(QJsonObject{{QStringLiteral("field"), name},
                                       {QStringLiteral("problem"), QStringLiteral("must be an RFC 3339 time such as 2026-11-23T15:00:00Z")}});
    };
    readTime(QStringLiteral("since"), &query.sinceMs);
    readTime(QStringLiteral("until"), &query.untilMs);
    if (q.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        const int limit = q.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > core::maxQueryLimit)
            details.append(QJsonObject{{QStringLiteral("field"), QStringLiteral("limit")},
                                       {QStringLiteral("problem"), QStringLiteral("must be a whole number from 1 to %1").arg(core::maxQueryLimit)}});
        else
            query.limit = limit;
    }
    if (q.hasQueryItem(QStringLiteral("cursor")) && !core::decodeCursor(q.queryItemValue(QStringLiteral("cursor")), &query))
        details.append(QJsonObject{{QStringLiteral("field"), QStringLiteral("cursor")},
                                   {QStringLiteral("problem"), QStringLiteral("is not a cursor this server issued")}});
    if (q.hasQueryItem(QStringLiteral("event_id"))) {
        query.eventId = QUuid::fromString(q.queryItemValue(QStringLiteral("event_id")));
        if (query.eventId.isNull())
            details.append(QJsonObject{{QStringLiteral("field"), QStringLiteral("event_id")}, {QStringLiteral("problem"), QStringLiteral("must be a UUID")}});
    }
    if (!details.isEmpty())
        return respond(HttpResponse::error(400, QStringLiteral("invalid query parameters"), details));

    m_deps.reader->query(query, [respond](const core::EventPage &page, const QString &error) {
        if (!error.isEmpty())
            return respond(HttpResponse::error(500, QStringLiteral("query failed: %1").arg(error)));
        QByteArray body("{\"events\":[");
        for (qsizetype i = 0; i < page.events.size(); ++i) {
            if (i)
                body.append(',');
            core::appendEventJson(page.events[i], body);
        }
        body.append("],\"next_cursor\":");
        if (page.nextCursor.isEmpty())
            body.append("null");
        else
            core::appendJsonString(page.nextCursor, body);
        body.append('}');
        respond(HttpResponse::json(200, body));
    });
}

void ApiServer::openStream(HttpConnection *connection, const HttpRequest &request)
{
    if (!authorize(connection, routeStream, request, core::scopes::read))
        return;
    core::EventFilter filter;
    QJsonArray details;
    if (!readFilter(request.query, &filter, &details))
        return reply(connection, routeStream, HttpResponse::error(400, QStringLiteral("invalid stream filter"), details));
    if (!request.upgrade || request.header("upgrade").toLower() != "websocket") {
        HttpResponse response = HttpResponse::error(426, QStringLiteral("this endpoint is a WebSocket; send an Upgrade: websocket request"));
        response.addHeader("Upgrade", "websocket");
        return reply(connection, routeStream, response);
    }
    if (m_stream->clientCount() >= m_limits.maxStreamClients) {
        HttpResponse busy = HttpResponse::error(503, QStringLiteral("too many live-stream clients (limit %1)").arg(m_limits.maxStreamClients));
        busy.addHeader("Retry-After", "10");
        return reply(connection, routeStream, busy);
    }
    if (QTcpSocket *socket = connection->takeSocketForUpgrade()) {
        countResponse(routeStream, 101);
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        m_webSockets->handleConnection(socket);
    } else {
        reply(connection, routeStream, HttpResponse::error(400, QStringLiteral("a WebSocket upgrade must be the first request on its connection")));
    }
}

void ApiServer::onStreamConnected()
{
    while (QWebSocket *socket = m_webSockets->nextPendingConnection()) {
        core::EventFilter filter;
        QJsonArray ignored;
        readFilter(QUrlQuery(socket->requestUrl()), &filter, &ignored);
        m_stream->addClient(socket, filter);
    }
}

void ApiServer::health(HttpConnection *connection)
{
    const core::QueueStatus queue = m_deps.sink->queueStatus();
    const qint64 now = m_deps.clock->nowMs();
    const double fill = queue.capacityEvents ? double(queue.depthEvents) / double(queue.capacityEvents) : 0;
    QString status = QStringLiteral("ok");
    if (!queue.storeWritable)
        status = QStringLiteral("down");
    else if (fill > 0.8)
        status = QStringLiteral("degraded");
    QJsonObject store{{QStringLiteral("status"), queue.storeWritable ? QStringLiteral("ok") : QStringLiteral("down")},
                      {QStringLiteral("writable"), queue.storeWritable}};
    if (!queue.storeError.isEmpty())
        store.insert(QStringLiteral("error"), queue.storeError);
    const QJsonObject checks{
        {QStringLiteral("store"), store},
        {QStringLiteral("queue"), QJsonObject{{QStringLiteral("status"), fill > 0.8 ? QStringLiteral("degraded") : QStringLiteral("ok")},
                                              {QStringLiteral("depth"), qint64(queue.depthEvents)},
                                              {QStringLiteral("capacity"), qint64(queue.capacityEvents)}}},
        {QStringLiteral("last_commit"), QJsonObject{{QStringLiteral("age_seconds"),
                                                     queue.lastCommitMs ? QJsonValue(double(now - queue.lastCommitMs) / 1000.0) : QJsonValue()}}},
    };
    reply(connection, routeHealth, HttpResponse::json(status == QLatin1String("down") ? 503 : 200,
                                                      QJsonObject{{QStringLiteral("status"), status}, {QStringLiteral("checks"), checks}}));
}

void ApiServer::metrics(HttpConnection *connection)
{
    HttpResponse response;
    response.contentType = "text/plain; version=0.0.4; charset=utf-8";
    // Count this scrape before rendering so the exposition includes it.
    countResponse(routeMetrics, 200);
    response.body = m_deps.metrics->renderPrometheus();
    connection->respond(response);
}

} // namespace ingest
