#include "services/AlertService.h"

#include "core/ApiKeys.h"
#include "core/Rfc3339.h"
#include "rules/EventFields.h"
#include "rules/RuleJson.h"
#include "services/RouteSupport.h"
#include "core/AlertJson.h"
#include "slo/ComplianceReport.h"

#include <QJsonArray>
#include <QScopeGuard>
#include <QJsonDocument>
#include <QSet>
#include <QSqlDatabase>
#include <QThread>
#include <QThreadPool>

namespace services {

namespace {

using core::alertToJson;
using core::timelineEntryToJson;
using ingest::HttpResponse;

QByteArray ruleBytes(const rules::Rule &rule)
{
    return compactJson(rules::ruleToJson(rule));
}

QString commentOf(const QJsonValue &value)
{
    return value.toObject().value(QLatin1String("comment")).toString();
}

} // namespace

AlertService::AlertService(QString databasePath, const core::Clock *clock, std::shared_ptr<QSemaphore> gate, QObject *parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
    , m_clock(clock)
    , m_gate(std::move(gate))
{
}

AlertService::~AlertService() = default;

void AlertService::onThread(std::function<void()> work)
{
    QMetaObject::invokeMethod(this, std::move(work), Qt::QueuedConnection);
}

QString AlertService::start()
{
    if (const storage::StoreError error = m_connection.open(m_databasePath, QStringLiteral("sentinel-alerts")); error.isError())
        return error.message;
    m_store = std::make_unique<storage::AlertStore>(m_connection.database());
    storage::StoreError error;
    for (const auto &[id, definition] : m_store->loadRules(&error)) {
        QList<rules::RuleProblem> problems;
        if (const auto rule = rules::parseRule(QJsonDocument::fromJson(definition).object(), &problems))
            m_rules.insert(id, *rule);
        else
            qWarning().noquote() << "stored rule" << id << "no longer validates:" << problems.value(0).path << problems.value(0).problem;
    }
    QList<alerts::Silence> silences;
    for (const QByteArray &definition : m_store->loadSilences(m_clock->nowMs(), &error)) {
        QList<alerts::SilenceProblem> problems;
        const QJsonObject json = QJsonDocument::fromJson(definition).object();
        if (auto silence = alerts::parseSilence(json, 0, &problems)) {
            silence->id = json.value(QLatin1String("id")).toString();
            silence->createdBy = json.value(QLatin1String("created_by")).toString();
            silences.append(*silence);
        }
    }
    m_book.restore(m_store->loadUnresolved(&error), silences);
    m_sloStore = std::make_unique<storage::SloStore>(m_connection.database());
    for (const auto &[id, definition] : m_sloStore->loadSlos(&error)) {
        QList<slo::SloProblem> problems;
        const QJsonObject json = QJsonDocument::fromJson(definition).object();
        auto spec = slo::parseSloSpec(json, &problems);
        const auto sli = spec ? parseSli(spec->sli, spec->service, &problems) : std::nullopt;
        if (!spec || !sli) {
            qWarning().noquote() << "stored SLO" << id << "no longer validates:" << problems.value(0).path << problems.value(0).problem;
            continue;
        }
        spec->id = id;
        auto tracker = std::make_shared<SloTracker>(*spec, *sli);
        tracker->load(m_sloStore->loadMinutes(id, tracker->horizon(m_clock->nowMs()), &error));
        m_slos.insert(id, tracker);
    }
    m_sloCounter.setTrackers(m_slos.values());
    for (const core::Alert &alert : m_book.unresolved()) {
        if (const auto tracker = m_slos.value(alert.sloId))
            tracker->restoreFiring(alert.labels.value(QStringLiteral("windows")));
    }
    m_evaluator.setRules(m_rules.values());
    if (error.isError())
        return error.message;
    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &AlertService::tick);
    m_timer->start();
    return {};
}

void AlertService::saveSloMinutes(bool evenIfRecent)
{
    const qint64 now = m_clock->nowMs();
    if (m_unsavedSloMinutes.isEmpty() || (!evenIfRecent && now - m_sloMinutesSavedAtMs < 1000))
        return;
    if (const auto error = m_sloStore->addMinutes(m_unsavedSloMinutes); error.isError())
        qWarning().noquote() << "could not store SLO counts:" << error.message;
    m_unsavedSloMinutes.clear();
    m_sloMinutesSavedAtMs = now;
}

void AlertService::stop()
{
    if (m_timer)
        m_timer->stop();
    if (m_sloStore)
        saveSloMinutes(true);
    m_store.reset();
    m_sloStore.reset();
    m_connection.close();
}

std::optional<alerts::RuleInfo> AlertService::ruleInfo(const core::RuleSignal &signal) const
{
    if (signal.ruleId.startsWith(QLatin1String("slo:"))) {
        const auto slo = m_slos.value(signal.ruleId.mid(4));
        if (!slo)
            return std::nullopt;
        alerts::RuleInfo info;
        info.sloId = slo->spec().id;
        info.name = QStringLiteral("%1: error budget burning (%2 %3)")
                        .arg(slo->spec().name, signal.groupLabels.value(QStringLiteral("policy")), signal.groupLabels.value(QStringLiteral("windows")));
        for (const slo::BurnPolicy &policy : slo->spec().policies) {
            if (slo::windowsLabel(policy) == signal.groupLabels.value(QStringLiteral("windows")))
                info.severity = policy.severity;
        }
        info.labels = {{QStringLiteral("slo"), slo->spec().id}, {QStringLiteral("service"), slo->spec().service}};
        return info;
    }
    const auto it = m_rules.constFind(signal.ruleId);
    if (it == m_rules.cend())
        return std::nullopt;
    return alerts::RuleInfo{it->name, {}, it->severity, it->labels};
}

void AlertService::persist(const alerts::AlertChanges &changes)
{
    if (changes.isEmpty())
        return;
    if (const storage::StoreError error = m_store->saveChanges(changes.alerts, changes.timeline); error.isError())
        qWarning().noquote() << "could not store alert changes:" << error.message;
    if (!changes.alerts.isEmpty())
        Q_EMIT alertsChanged(changes.alerts);
}

void AlertService::processCommitted(const core::EventBatch &events)
{
    // Whatever happens below, these events are done with: give the writer its permits back.
    const auto release = qScopeGuard([this, n = int(std::min<qsizetype>(events->size(), backlogCapacity))] { m_gate->release(n); });
    if (!m_store)
        return;
    for (const core::EventRecord &event : *events)
        m_eventWatermark = std::max(m_eventWatermark, event.timestampMs);
    if (!m_slos.isEmpty()) {
        m_sloCounter.count(*events);
        const auto counted = m_sloCounter.takeCounted();
        for (auto slo = counted.cbegin(); slo != counted.cend(); ++slo) {
            QMap<qint64, storage::MinuteCounts> &unsaved = m_unsavedSloMinutes[slo.key()];
            for (const storage::MinuteCounts &m : slo.value()) {
                storage::MinuteCounts &into = unsaved[m.minuteMs];
                into.minuteMs = m.minuteMs;
                into.good += m.good;
                into.valid += m.valid;
            }
        }
        saveSloMinutes(false);
    }
    if (!m_slos.isEmpty() && !events->isEmpty())
        evaluateSlos(std::max(m_evaluator.watermark(), m_eventWatermark));
    if (m_rules.isEmpty())
        return;
    const auto signals = m_evaluator.process(*events);
    if (!signals.isEmpty())
        persist(m_book.apply(signals, [this](const core::RuleSignal &signal) { return ruleInfo(signal); }, m_clock->nowMs()));
}

void AlertService::tick()
{
    const qint64 now = m_clock->nowMs();
    // Live: time passes even without events (absence, windows emptying), with five seconds'
    // allowance for events in flight. Replaying an old stream: only the events move time.
    const auto timeAt = [now](qint64 watermark) {
        if (watermark == std::numeric_limits<qint64>::min() || now - watermark < 3600000)
            return std::max(watermark, now - 5000);
        return watermark;
    };
    // Rules keep their own watermark (it only moves when there are rules); SLOs go by the events.
    const qint64 target = timeAt(m_evaluator.watermark());
    if (!m_rules.isEmpty()) {
        const auto signals = m_evaluator.advanceTo(target);
        if (!signals.isEmpty())
            persist(m_book.apply(signals, [this](const core::RuleSignal &signal) { return ruleInfo(signal); }, now));
    }
    persist(m_book.expireSilences(now));
    saveSloMinutes(false);
    evaluateSlos(timeAt(std::max(m_evaluator.watermark(), m_eventWatermark)));
}

void AlertService::evaluateSlos(qint64 atMs)
{
    QList<core::RuleSignal> signals;
    for (const auto &tracker : std::as_const(m_slos))
        signals += tracker->evaluate(atMs);
    if (!signals.isEmpty())
        persist(m_book.apply(signals, [this](const core::RuleSignal &signal) { return ruleInfo(signal); }, m_clock->nowMs()));
}

void AlertService::reloadRules(const QString &actor)
{
    Q_UNUSED(actor)
    const auto signals = m_evaluator.setRules(m_rules.values());
    persist(m_book.apply(signals, [this](const core::RuleSignal &signal) { return ruleInfo(signal); }, m_clock->nowMs()));
}

void AlertService::registerRoutes(ingest::ApiServer *api)
{
    const auto route = [this, api](const char *method, const char *pattern, const QString &scope,
                                   void (AlertService::*handler)(const Call &, const Respond &)) {
        addServiceRoute(api, this, method, pattern, scope, handler, &AlertService::isRunning, QStringLiteral("the alert service is not running"));
    };
    using S = AlertService;
    route("GET", "/v1/alerts/policies", core::scopes::policyRead, &S::listPolicies);
    route("POST", "/v1/alerts/policies", core::scopes::policyWrite, &S::createPolicy);
    route("GET", "/v1/alerts/policies/export", core::scopes::policyRead, &S::exportPolicies);
    route("POST", "/v1/alerts/policies/import", core::scopes::policyWrite, &S::importPolicies);
    route("GET", "/v1/alerts/policies/{}", core::scopes::policyRead, &S::getPolicy);
    route("PUT", "/v1/alerts/policies/{}", core::scopes::policyWrite, &S::updatePolicy);
    route("DELETE", "/v1/alerts/policies/{}", core::scopes::policyWrite, &S::deletePolicy);
    route("GET", "/v1/alerts", core::scopes::alertRead, &S::listAlerts);
    route("GET", "/v1/alerts/summary", core::scopes::alertRead, &S::summary);
    route("POST", "/v1/alerts/ackAll", core::scopes::alertWrite, &S::acknowledgeAll);
    api->addRoute("POST", QStringLiteral("/v1/alerts/{}/ack"), core::scopes::alertWrite, [this](Call call, Respond respond) {
        onThread([this, call = std::move(call), respond = std::move(respond)] { transition(call, respond, true); });
    });
    api->addRoute("POST", QStringLiteral("/v1/alerts/{}/resolve"), core::scopes::alertWrite, [this](Call call, Respond respond) {
        onThread([this, call = std::move(call), respond = std::move(respond)] { transition(call, respond, false); });
    });
    route("GET", "/v1/incidents/timeline", core::scopes::alertRead, &S::timeline);
    route("GET", "/v1/silences", core::scopes::alertRead, &S::listSilences);
    route("POST", "/v1/silences", core::scopes::alertWrite, &S::createSilence);
    route("DELETE", "/v1/silences/{}", core::scopes::alertWrite, &S::deleteSilence);
    route("GET", "/api/slo", core::scopes::policyRead, &S::listSlos);
    route("POST", "/api/slo", core::scopes::policyWrite, &S::createSlo);
    route("GET", "/api/slo/violations", core::scopes::policyRead, &S::sloViolations);
    route("GET", "/api/slo/report", core::scopes::policyRead, &S::sloReport);
    route("GET", "/api/slo/{}", core::scopes::policyRead, &S::getSlo);
    route("PUT", "/api/slo/{}", core::scopes::policyWrite, &S::updateSlo);
    route("DELETE", "/api/slo/{}", core::scopes::policyWrite, &S::deleteSlo);
    route("GET", "/api/slo/{}/status", core::scopes::policyRead, &S::sloStatus);
    route("GET", "/api/slo/{}/history", core::scopes::policyRead, &S::sloHistory);
    route("GET", "/api/slo/{}/predict", core::scopes::policyRead, &S::sloPredict);
    route("POST", "/api/slo/{}/measurements", core::scopes::ingest, &S::sloMeasurements);
}

const rules::Rule *AlertService::ruleOr404(const Call &call, const Respond &respond) const
{
    const auto it = m_rules.constFind(call.arguments.value(0));
    if (it == m_rules.cend()) {
        respond(HttpResponse::error(404, QStringLiteral("no rule with id \"%1\"").arg(call.arguments.value(0))));
        return nullptr;
    }
    return &*it;
}

std::shared_ptr<SloTracker> AlertService::sloOr404(const Call &call, const Respond &respond) const
{
    auto tracker = m_slos.value(call.arguments.value(0));
    if (!tracker)
        respond(HttpResponse::error(404, QStringLiteral("no SLO with id \"%1\"").arg(call.arguments.value(0))));
    return tracker;
}

void AlertService::listPolicies(const Call &, const Respond &respond)
{
    QJsonArray list;
    for (const rules::Rule &rule : std::as_const(m_rules))
        list.append(rules::ruleToJson(rule));
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("rules"), list}}));
}

void AlertService::getPolicy(const Call &call, const Respond &respond)
{
    const rules::Rule *it = ruleOr404(call, respond);
    if (!it)
        return;
    respond(HttpResponse::json(200, rules::ruleToJson(*it)));
}

void AlertService::createPolicy(const Call &call, const Respond &respond)
{
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    if (!json->isObject())
        return respond(HttpResponse::error(400, QStringLiteral("a rule is a JSON object")));
    QList<rules::RuleProblem> problems;
    const auto rule = rules::parseRule(json->toObject(), &problems);
    if (!rule)
        return respond(invalidResponse(QStringLiteral("the rule is invalid"), problems));
    if (m_rules.contains(rule->id))
        return respond(HttpResponse::error(409, QStringLiteral("a rule with id \"%1\" exists; PUT /v1/alerts/policies/%1 changes it").arg(rule->id)));
    const qint64 now = m_clock->nowMs();
    if (const auto error = m_store->saveRule(rule->id, ruleBytes(*rule), now); error.isError())
        return respond(HttpResponse::error(500, error.message));
    m_store->audit(now, call.actor, QStringLiteral("rule.create"), rule->id, {}, ruleBytes(*rule));
    m_rules.insert(rule->id, *rule);
    reloadRules(call.actor);
    respond(HttpResponse::json(201, rules::ruleToJson(*rule)));
}

void AlertService::updatePolicy(const Call &call, const Respond &respond)
{
    const rules::Rule *it = ruleOr404(call, respond);
    if (!it)
        return;
    const QString id = it->id;
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    if (!json->isObject())
        return respond(HttpResponse::error(400, QStringLiteral("send a JSON object with the fields to change")));
    // A partial document: the given top-level fields replace the stored ones.
    QJsonObject merged = rules::ruleToJson(*it);
    const QJsonObject changes = json->toObject();
    for (auto change = changes.begin(); change != changes.end(); ++change)
        merged.insert(change.key(), change.value());
    if (merged.value(QLatin1String("id")).toString() != id)
        return respond(invalidResponse(QStringLiteral("the rule is invalid"), QStringLiteral("id"), QStringLiteral("cannot be changed (create a new rule)")));
    QList<rules::RuleProblem> problems;
    const auto rule = rules::parseRule(merged, &problems);
    if (!rule)
        return respond(invalidResponse(QStringLiteral("the rule is invalid"), problems));
    const qint64 now = m_clock->nowMs();
    const QByteArray before = ruleBytes(*it);
    if (const auto error = m_store->saveRule(id, ruleBytes(*rule), now); error.isError())
        return respond(HttpResponse::error(500, error.message));
    m_store->audit(now, call.actor, QStringLiteral("rule.update"), id, before, ruleBytes(*rule));
    m_rules.insert(id, *rule);
    reloadRules(call.actor);
    respond(HttpResponse::json(200, rules::ruleToJson(*rule)));
}

void AlertService::deletePolicy(const Call &call, const Respond &respond)
{
    const rules::Rule *it = ruleOr404(call, respond);
    if (!it)
        return;
    const QString id = it->id;
    const qint64 now = m_clock->nowMs();
    if (const auto error = m_store->deleteRule(id); error.isError())
        return respond(HttpResponse::error(500, error.message));
    m_store->audit(now, call.actor, QStringLiteral("rule.delete"), id, ruleBytes(*it), {});
    m_rules.remove(id);
    reloadRules(call.actor);
    HttpResponse done;
    done.status = 204;
    respond(done);
}

void AlertService::importPolicies(const Call &call, const Respond &respond)
{
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    const QString mode = call.request.query.queryItemValue(QStringLiteral("mode"));
    if (!mode.isEmpty() && mode != QLatin1String("merge") && mode != QLatin1String("replace"))
        return respond(invalidResponse(QStringLiteral("invalid import"), QStringLiteral("mode"), QStringLiteral("must be merge or replace")));
    const QJsonObject document = json->toObject();
    QJsonArray items;
    QString prefix = QStringLiteral("rules[%1].");
    if (document.contains(QLatin1String("rules"))) {
        if (document.value(QLatin1String("version")).toInt(1) != rules::ruleFormatVersion)
            return respond(invalidResponse(QStringLiteral("invalid import"), QStringLiteral("version"), QStringLiteral("must be 1")));
        items = document.value(QLatin1String("rules")).toArray();
    } else if (json->isObject()) {
        items.append(document); // a single rule
        prefix.clear();
    } else {
        return respond(HttpResponse::error(400, QStringLiteral("send {\"version\": 1, \"rules\": [...]} or a single rule")));
    }
    QList<rules::RuleProblem> problems;
    QList<rules::Rule> incoming;
    QSet<QString> ids;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString path = prefix.isEmpty() ? QString() : prefix.arg(i);
        if (const auto rule = rules::parseRule(items[i].toObject(), &problems, path)) {
            if (ids.contains(rule->id))
                problems.append({path + QStringLiteral("id"), QStringLiteral("\"%1\" appears twice in this document").arg(rule->id)});
            ids.insert(rule->id);
            incoming.append(*rule);
        }
    }
    if (!problems.isEmpty())
        return respond(invalidResponse(QStringLiteral("nothing was imported: %1 problem(s)").arg(problems.size()), problems));
    const qint64 now = m_clock->nowMs();
    QStringList created, updated, unchanged, deleted;
    QSqlDatabase db = m_connection.database();
    db.transaction(); // all or nothing
    storage::StoreError error;
    for (const rules::Rule &rule : std::as_const(incoming)) {
        const auto existing = m_rules.constFind(rule.id);
        if (existing != m_rules.cend() && ruleBytes(*existing) == ruleBytes(rule)) {
            unchanged.append(rule.id);
            continue;
        }
        (existing == m_rules.cend() ? created : updated).append(rule.id);
        if (!error.isError())
            error = m_store->saveRule(rule.id, ruleBytes(rule), now);
        if (!error.isError())
            error = m_store->audit(now, call.actor, QStringLiteral("rule.import"), rule.id,
                                   existing == m_rules.cend() ? QByteArray() : ruleBytes(*existing), ruleBytes(rule));
    }
    if (mode == QLatin1String("replace")) {
        for (auto it = m_rules.cbegin(); it != m_rules.cend(); ++it) {
            if (ids.contains(it.key()))
                continue;
            deleted.append(it.key());
            if (!error.isError())
                error = m_store->deleteRule(it.key());
            if (!error.isError())
                error = m_store->audit(now, call.actor, QStringLiteral("rule.delete"), it.key(), ruleBytes(*it), {});
        }
    }
    if (error.isError() || !db.commit()) {
        db.rollback();
        return respond(HttpResponse::error(500, QStringLiteral("nothing was imported: %1").arg(error.message)));
    }
    for (const QString &id : std::as_const(deleted))
        m_rules.remove(id);
    for (const rules::Rule &rule : std::as_const(incoming))
        m_rules.insert(rule.id, rule);
    reloadRules(call.actor);
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("created"), QJsonArray::fromStringList(created)},
                                                {QStringLiteral("updated"), QJsonArray::fromStringList(updated)},
                                                {QStringLiteral("unchanged"), QJsonArray::fromStringList(unchanged)},
                                                {QStringLiteral("deleted"), QJsonArray::fromStringList(deleted)}}));
}

void AlertService::exportPolicies(const Call &, const Respond &respond)
{
    QJsonArray list;
    for (const rules::Rule &rule : std::as_const(m_rules))
        list.append(rules::ruleToJson(rule));
    HttpResponse response;
    response.body = QJsonDocument(QJsonObject{{QStringLiteral("version"), rules::ruleFormatVersion}, {QStringLiteral("rules"), list}})
                        .toJson(QJsonDocument::Indented);
    response.addHeader("Content-Disposition", "attachment; filename=\"sentinel-rules.json\"");
    respond(response);
}

void AlertService::listAlerts(const Call &call, const Respond &respond)
{
    const QUrlQuery &q = call.request.query;
    storage::AlertQuery query;
    QList<rules::RuleProblem> problems;
    query.state = q.queryItemValue(QStringLiteral("state")).toUpper();
    if (query.state == QLatin1String("ACKNOWLEDGED"))
        query.state = QStringLiteral("ACK");
    if (!query.state.isEmpty() && query.state != QLatin1String("OPEN") && query.state != QLatin1String("ACK") && query.state != QLatin1String("RESOLVED"))
        problems.append({QStringLiteral("state"), QStringLiteral("must be OPEN, ACK or RESOLVED")});
    query.source = q.queryItemValue(QStringLiteral("source"), QUrl::FullyDecoded);
    query.ruleId = q.queryItemValue(QStringLiteral("rule"), QUrl::FullyDecoded);
    query.sloId = q.queryItemValue(QStringLiteral("slo"), QUrl::FullyDecoded);
    if (q.hasQueryItem(QStringLiteral("severity"))) {
        query.severity = core::parseSeverity(q.queryItemValue(QStringLiteral("severity")));
        if (!query.severity)
            problems.append({QStringLiteral("severity"), QStringLiteral("must be INFO, WARN, ERROR or CRITICAL")});
    }
    if (q.hasQueryItem(QStringLiteral("since"))) {
        query.sinceMs = core::parseRfc3339(q.queryItemValue(QStringLiteral("since"), QUrl::FullyDecoded));
        if (!query.sinceMs)
            problems.append({QStringLiteral("since"), QStringLiteral("must be an RFC 3339 time")});
    }
    if (q.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        query.limit = q.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || query.limit < 1 || query.limit > 1000)
            problems.append({QStringLiteral("limit"), QStringLiteral("must be a whole number from 1 to 1000")});
    }
    query.cursor = q.queryItemValue(QStringLiteral("cursor"));
    if (!problems.isEmpty())
        return respond(invalidResponse(QStringLiteral("invalid query parameters"), problems));
    storage::AlertPage page;
    if (const auto error = m_store->queryAlerts(query, &page); error.isError())
        return respond(HttpResponse::error(500, error.message));
    QJsonArray list;
    for (const core::Alert &alert : std::as_const(page.alerts))
        list.append(alertToJson(alert));
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("alerts"), list},
                                                {QStringLiteral("next_cursor"), page.nextCursor.isEmpty() ? QJsonValue() : QJsonValue(page.nextCursor)}}));
}

void AlertService::summary(const Call &, const Respond &respond)
{
    storage::AlertSummary summary;
    if (const auto error = m_store->summary(&summary); error.isError())
        return respond(HttpResponse::error(500, error.message));
    const auto toJson = [](const QMap<QString, QMap<QString, qint64>> &map) {
        QJsonObject out;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            QJsonObject states;
            for (auto s = it->cbegin(); s != it->cend(); ++s)
                states.insert(s.key(), s.value());
            out.insert(it.key(), states);
        }
        return out;
    };
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("by_severity"), toJson(summary.bySeverityAndState)},
                                                {QStringLiteral("by_service"), toJson(summary.bySource)},
                                                {QStringLiteral("unresolved"), qint64(m_book.unresolved().size())}}));
}

void AlertService::transition(const Call &call, const Respond &respond, bool acknowledge)
{
    const auto json = requestJson(call.request, respond, true);
    if (!json)
        return;
    const QString id = call.arguments.value(0);
    const qint64 now = m_clock->nowMs();
    const auto before = m_book.find(id);
    alerts::AlertChanges changes;
    const alerts::TransitionResult result = acknowledge ? m_book.acknowledge(id, call.actor, commentOf(*json), now, &changes)
                                                        : m_book.resolve(id, call.actor, commentOf(*json), now, &changes);
    storage::StoreError error;
    const auto current = m_book.find(id) ? m_book.find(id) : m_store->alert(id, &error);
    switch (result) {
    case alerts::TransitionResult::Done:
        persist(changes);
        m_store->audit(now, call.actor, acknowledge ? QStringLiteral("alert.ack") : QStringLiteral("alert.resolve"), id,
                       before ? compactJson(alertToJson(*before)) : QByteArray(), compactJson(alertToJson(*current)));
        return respond(HttpResponse::json(200, alertToJson(*current)));
    case alerts::TransitionResult::NoChange:
        return respond(HttpResponse::json(200, alertToJson(*current)));
    case alerts::TransitionResult::NotFound:
    case alerts::TransitionResult::Conflict:
        if (!current)
            return respond(HttpResponse::error(404, QStringLiteral("no alert with id \"%1\"").arg(id)));
        return respond(HttpResponse::error(409, QStringLiteral("the alert is %1; it cannot be %2").arg(core::alertStateName(current->state),
                                                                                                   acknowledge ? QStringLiteral("acknowledged") : QStringLiteral("resolved")),
                                           QJsonArray{QJsonObject{{QStringLiteral("state"), core::alertStateName(current->state)}}}));
    }
}

void AlertService::acknowledgeAll(const Call &call, const Respond &respond)
{
    const auto json = requestJson(call.request, respond, true);
    if (!json)
        return;
    const QJsonObject filter = json->toObject();
    const QString rule = filter.value(QLatin1String("rule")).toString();
    const QString source = filter.value(QLatin1String("source")).toString();
    const auto severity = filter.contains(QLatin1String("severity")) ? core::parseSeverity(filter.value(QLatin1String("severity")).toString())
                                                                     : std::nullopt;
    const qint64 now = m_clock->nowMs();
    alerts::AlertChanges changes;
    const QStringList ids = m_book.acknowledgeAll(
        [&](const core::Alert &a) {
            return (rule.isEmpty() || a.ruleId == rule) && (source.isEmpty() || a.source == source) && (!severity || a.severity == *severity);
        },
        call.actor, now, &changes);
    persist(changes);
    for (const QString &id : ids)
        m_store->audit(now, call.actor, QStringLiteral("alert.ack"), id, {}, compactJson(filter));
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("acked"), QJsonArray::fromStringList(ids)}}));
}

void AlertService::timeline(const Call &call, const Respond &respond)
{
    const QString id = call.request.query.queryItemValue(QStringLiteral("alert"));
    if (id.isEmpty())
        return respond(invalidResponse(QStringLiteral("invalid query parameters"), QStringLiteral("alert"), QStringLiteral("is required: the alert id")));
    storage::StoreError error;
    if (!m_store->alert(id, &error))
        return respond(HttpResponse::error(404, QStringLiteral("no alert with id \"%1\"").arg(id)));
    QJsonArray entries;
    for (const core::TimelineEntry &entry : m_store->timeline(id, &error))
        entries.append(timelineEntryToJson(entry));
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("entries"), entries}}));
}

void AlertService::createSilence(const Call &call, const Respond &respond)
{
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    const qint64 now = m_clock->nowMs();
    QList<alerts::SilenceProblem> problems;
    auto silence = alerts::parseSilence(json->toObject(), now, &problems);
    if (!silence) {
        QList<rules::RuleProblem> details;
        for (const auto &p : problems)
            details.append({p.path, p.problem});
        return respond(invalidResponse(QStringLiteral("the silence is invalid"), details));
    }
    silence->createdBy = call.actor;
    persist(m_book.addSilence(*silence, now));
    const alerts::Silence stored = m_book.silences().last();
    const QByteArray definition = compactJson(alerts::silenceToJson(stored));
    m_store->saveSilence(stored.id, definition, stored.endsAtMs);
    m_store->audit(now, call.actor, QStringLiteral("silence.create"), stored.id, {}, definition);
    respond(HttpResponse::json(201, alerts::silenceToJson(stored)));
}

void AlertService::listSilences(const Call &, const Respond &respond)
{
    QJsonArray list;
    const qint64 now = m_clock->nowMs();
    for (const alerts::Silence &silence : m_book.silences()) {
        if (silence.endsAtMs > now)
            list.append(alerts::silenceToJson(silence));
    }
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("silences"), list}}));
}

void AlertService::deleteSilence(const Call &call, const Respond &respond)
{
    const QString id = call.arguments.value(0);
    bool known = false;
    for (const alerts::Silence &silence : m_book.silences())
        known = known || silence.id == id;
    if (!known)
        return respond(HttpResponse::error(404, QStringLiteral("no active silence with id \"%1\"").arg(id)));
    const qint64 now = m_clock->nowMs();
    persist(m_book.removeSilence(id, call.actor, now));
    m_store->deleteSilence(id);
    m_store->audit(now, call.actor, QStringLiteral("silence.delete"), id, {}, {});
    HttpResponse done;
    done.status = 204;
    respond(done);
}

namespace {


} // namespace

QJsonObject AlertService::sloJson(const SloTracker &tracker, bool withStatus) const
{
    QJsonObject json = slo::sloSpecToJson(tracker.spec());
    if (withStatus)
        json.insert(QStringLiteral("status"), slo::statusToJson(tracker.spec(), slo::status(tracker.spec(), tracker.rollup(), m_clock->nowMs())));
    return json;
}

std::shared_ptr<SloTracker> AlertService::acceptSlo(const QJsonObject &json, const QString &id, const Respond &respond)
{
    QList<slo::SloProblem> problems;
    auto spec = slo::parseSloSpec(json, &problems);
    const auto sli = parseSli(json.value(QLatin1String("sli")).toObject(), json.value(QLatin1String("service")).toString(), &problems);
    if (!spec || !sli) {
        respond(invalidResponse(QStringLiteral("the SLO is invalid"), problems));
        return nullptr;
    }
    spec->id = id.isEmpty() ? rules::slugify(spec->name) : id;
    if (spec->id.isEmpty()) {
        respond(invalidResponse(QStringLiteral("the SLO is invalid"), QStringLiteral("name"), QStringLiteral("cannot be turned into an id; give \"id\"")));
        return nullptr;
    }
    return std::make_shared<SloTracker>(*spec, *sli);
}

void AlertService::listSlos(const Call &, const Respond &respond)
{
    QJsonArray list;
    for (const auto &tracker : std::as_const(m_slos))
        list.append(sloJson(*tracker, true));
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("slos"), list}}));
}

void AlertService::createSlo(const Call &call, const Respond &respond)
{
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    const QJsonObject object = json->toObject();
    const auto tracker = acceptSlo(object, object.value(QLatin1String("id")).toString(), respond);
    if (!tracker)
        return;
    const QString id = tracker->spec().id;
    if (m_slos.contains(id))
        return respond(HttpResponse::error(409, QStringLiteral("an SLO with id \"%1\" exists").arg(id)));
    const qint64 now = m_clock->nowMs();
    const QByteArray definition = compactJson(slo::sloSpecToJson(tracker->spec()));
    if (const auto error = m_sloStore->saveSlo(id, definition, now); error.isError())
        return respond(HttpResponse::error(500, error.message));
    m_store->audit(now, call.actor, QStringLiteral("slo.create"), id, {}, definition);
    m_slos.insert(id, tracker);
    m_sloCounter.setTrackers(m_slos.values());
    respond(HttpResponse::json(201, sloJson(*tracker, false)));
}

void AlertService::getSlo(const Call &call, const Respond &respond)
{
    const auto tracker = sloOr404(call, respond);
    if (!tracker)
        return;
    respond(HttpResponse::json(200, sloJson(*tracker, true)));
}

void AlertService::updateSlo(const Call &call, const Respond &respond)
{
    saveSloMinutes(true); // what follows reads or drops the stored counts
    const auto existing = sloOr404(call, respond);
    if (!existing)
        return;
    const QString id = existing->spec().id;
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    QJsonObject merged = slo::sloSpecToJson(existing->spec());
    const QJsonObject changes = json->toObject();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        merged.insert(it.key(), it.value());
    const auto tracker = acceptSlo(merged, id, respond);
    if (!tracker)
        return;
    // The counts already gathered stay valid only if the SLI is the same.
    if (slo::sloSpecToJson(tracker->spec()).value(QLatin1String("sli")) == slo::sloSpecToJson(existing->spec()).value(QLatin1String("sli"))) {
        storage::StoreError error;
        tracker->load(m_sloStore->loadMinutes(id, tracker->horizon(m_clock->nowMs()), &error));
    } else {
        m_sloStore->pruneMinutes(id, std::numeric_limits<qint64>::max());
    }
    const qint64 now = m_clock->nowMs();
    const QByteArray before = compactJson(slo::sloSpecToJson(existing->spec()));
    const QByteArray after = compactJson(slo::sloSpecToJson(tracker->spec()));
    m_sloStore->saveSlo(id, after, now);
    m_store->audit(now, call.actor, QStringLiteral("slo.update"), id, before, after);
    m_slos.insert(id, tracker);
    m_sloCounter.setTrackers(m_slos.values());
    respond(HttpResponse::json(200, sloJson(*tracker, false)));
}

void AlertService::deleteSlo(const Call &call, const Respond &respond)
{
    saveSloMinutes(true); // what follows reads or drops the stored counts
    const auto existing = sloOr404(call, respond);
    if (!existing)
        return;
    const QString id = existing->spec().id;
    const qint64 now = m_clock->nowMs();
    m_sloStore->deleteSlo(id);
    m_store->audit(now, call.actor, QStringLiteral("slo.delete"), id, compactJson(slo::sloSpecToJson(existing->spec())), {});
    m_slos.remove(id);
    m_sloCounter.setTrackers(m_slos.values());
    // Its burn-rate alerts resolve with it.
    QList<core::RuleSignal> signals;
    for (const core::Alert &alert : m_book.unresolved()) {
        if (alert.sloId == id) {
            core::RuleSignal signal;
            signal.kind = core::RuleSignal::Kind::Resolved;
            signal.ruleId = alert.ruleId;
            signal.groupLabels = {{QStringLiteral("policy"), alert.labels.value(QStringLiteral("policy"))},
                                  {QStringLiteral("windows"), alert.labels.value(QStringLiteral("windows"))}};
            signal.atMs = now;
            signals.append(signal);
        }
    }
    persist(m_book.apply(signals, [this](const core::RuleSignal &s) { return ruleInfo(s); }, now));
    HttpResponse done;
    done.status = 204;
    respond(done);
}

void AlertService::sloStatus(const Call &call, const Respond &respond)
{
    const auto tracker = sloOr404(call, respond);
    if (!tracker)
        return;
    respond(HttpResponse::json(200, slo::statusToJson(tracker->spec(), slo::status(tracker->spec(), tracker->rollup(), m_clock->nowMs()))));
}

void AlertService::sloHistory(const Call &call, const Respond &respond)
{
    const auto tracker = sloOr404(call, respond);
    if (!tracker)
        return;
    QJsonArray days;
    for (const slo::DailyPoint &point : slo::history(tracker->spec(), tracker->rollup(), m_clock->nowMs()))
        days.append(QJsonObject{{QStringLiteral("day"), core::formatRfc3339(point.dayStartMs)},
                                {QStringLiteral("sli"), point.sli},
                                {QStringLiteral("budget_remaining"), point.budgetRemaining},
                                {QStringLiteral("good"), point.counts.good},
                                {QStringLiteral("valid"), point.counts.valid}});
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("window"), tracker->spec().window.name()}, {QStringLiteral("days"), days}}));
}

void AlertService::sloPredict(const Call &call, const Respond &respond)
{
    const auto tracker = sloOr404(call, respond);
    if (!tracker)
        return;
    const qint64 now = m_clock->nowMs();
    respond(HttpResponse::json(200, slo::predictionToJson(slo::predict(tracker->spec(), slo::status(tracker->spec(), tracker->rollup(), now), now))));
}

void AlertService::sloMeasurements(const Call &call, const Respond &respond)
{
    const auto tracker = sloOr404(call, respond);
    if (!tracker)
        return;
    const QString id = tracker->spec().id;
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    const QJsonArray items = json->isArray() ? json->toArray() : QJsonArray{json->toObject()};
    QList<slo::SloProblem> problems;
    QList<storage::MinuteCounts> minutes;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject m = items[i].toObject();
        const QString path = json->isArray() ? QStringLiteral("[%1].").arg(i) : QString();
        const auto at = core::parseRfc3339(m.value(QLatin1String("timestamp")).toString());
        const qint64 good = m.value(QLatin1String("good")).toInteger(-1);
        const qint64 valid = m.value(QLatin1String("valid")).toInteger(-1);
        if (!at)
            problems.append({path + QStringLiteral("timestamp"), QStringLiteral("must be an RFC 3339 time")});
        if (valid < 0)
            problems.append({path + QStringLiteral("valid"), QStringLiteral("must be a whole number >= 0")});
        if (good < 0 || good > valid)
            problems.append({path + QStringLiteral("good"), QStringLiteral("must be a whole number from 0 to valid")});
        if (at)
            minutes.append({*at / 60000 * 60000, good, valid});
    }
    if (!problems.isEmpty())
        return respond(invalidResponse(QStringLiteral("the SLO is invalid"), problems));
    for (const storage::MinuteCounts &m : std::as_const(minutes)) {
        tracker->addCounts(m.minuteMs, m.good, m.valid);
        // A measured minute is complete when it arrives: time has reached its end.
        m_eventWatermark = std::max(m_eventWatermark, m.minuteMs + 60000);
    }
    m_sloStore->addMinutes(id, minutes);
    evaluateSlos(std::max(m_evaluator.watermark(), m_eventWatermark));
    respond(HttpResponse::json(202, QJsonObject{{QStringLiteral("accepted"), qint64(minutes.size())}}));
}

void AlertService::sloViolations(const Call &, const Respond &respond)
{
    QJsonArray list;
    const qint64 now = m_clock->nowMs();
    for (const auto &tracker : std::as_const(m_slos)) {
        const slo::ReportEntry entry = slo::reportEntry(tracker->spec(), tracker->rollup(), now);
        if (entry.compliance == slo::Compliance::Met)
            continue;
        QJsonObject item = sloJson(*tracker, false);
        item.insert(QStringLiteral("status"), slo::statusToJson(entry.spec, entry.status));
        item.insert(QStringLiteral("reason"), entry.compliance == slo::Compliance::Violated ? QStringLiteral("below objective")
                                                                                             : QStringLiteral("burning faster than 1"));
        list.append(item);
    }
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("violations"), list}}));
}

void AlertService::sloReport(const Call &call, const Respond &respond)
{
    const QString format = call.request.query.queryItemValue(QStringLiteral("format")).toLower();
    const QStringList formats{QStringLiteral("json"), QStringLiteral("markdown"), QStringLiteral("pdf")};
    if (!format.isEmpty() && !formats.contains(format))
        return respond(HttpResponse::error(400, QStringLiteral("unknown report format"),
                                           {QJsonObject{{QStringLiteral("path"), QStringLiteral("format")},
                                                        {QStringLiteral("problem"), QStringLiteral("must be json, markdown or pdf")}}}));
    if (format == QLatin1String("pdf") && !m_documents)
        return respond(HttpResponse::error(501, QStringLiteral("this process cannot typeset PDF; ask for format=markdown or json")));

    slo::ComplianceReport report;
    report.generatedAtMs = m_clock->nowMs();
    for (const auto &tracker : std::as_const(m_slos))
        report.entries.append(slo::reportEntry(tracker->spec(), tracker->rollup(), report.generatedAtMs));
    report.sort();
    if (format.isEmpty() || format == QLatin1String("json"))
        return respond(HttpResponse::json(200, slo::reportToJson(report)));

    const QByteArray fileName = "sentinel-slo-report-" + core::formatRfc3339(report.generatedAtMs).left(10).toLatin1();
    HttpResponse response;
    if (format == QLatin1String("markdown")) {
        response.contentType = "text/markdown; charset=utf-8";
        response.body = slo::reportToMarkdown(report).toUtf8();
        response.addHeader("Content-Disposition", "attachment; filename=\"" + fileName + ".md\"");
        return respond(response);
    }
    // Typesetting takes tens of milliseconds: not on the thread that evaluates rules.
    QThreadPool::globalInstance()->start([renderer = m_documents, markdown = slo::reportToMarkdown(report), fileName, respond] {
        QString error;
        const QByteArray pdf = renderer->markdownToPdf(QStringLiteral("SLO compliance report"), markdown, &error);
        if (pdf.isEmpty())
            return respond(HttpResponse::error(500, QStringLiteral("the PDF could not be typeset"), {error}));
        HttpResponse typeset;
        typeset.contentType = "application/pdf";
        typeset.body = pdf;
        typeset.addHeader("Content-Disposition", "attachment; filename=\"" + fileName + ".pdf\"");
        respond(typeset);
    });
}

} // namespace services
