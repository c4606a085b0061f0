#pragma once

#include "alerts/AlertBook.h"
#include "core/Clock.h"
#include "core/EventRecord.h"
#include "ingest/ApiServer.h"
#include "rules/RuleEvaluator.h"
#include "services/SloCounter.h"
#include "services/SloTracker.h"
#include "storage/AlertStore.h"
#include "storage/SloStore.h"
#include "storage/SqliteConnection.h"

#include <QObject>
#include <QSemaphore>
#include <QTimer>

namespace services {

// Rules, detectors and the alert lifecycle, live: committed events in, alerts out. Owns the
// evaluator, the alert book and a store connection, all on one thread of its own, so every
// change happens in order and is persisted (with its timeline and audit rows) before it is
// answered. The HTTP handlers hop onto this thread; so does everything else.
class AlertService final : public QObject
{
    Q_OBJECT

public:
    // `gate`: the pipeline's permits for this consumer, released as events are evaluated.
    AlertService(QString databasePath, const core::Clock *clock, std::shared_ptr<QSemaphore> gate, QObject *parent = nullptr);
    ~AlertService() override;

    // On the service's thread: opens the store, loads rules, unresolved alerts and silences.
    QString start();
    void stop();
    void processCommitted(const core::EventBatch &events);
    // Adds the policies, alerts, silences and timeline routes; call on the server thread.
    void registerRoutes(ingest::ApiServer *api);

    // Typesets PDF compliance reports; call before start().
    void setDocumentRenderer(std::shared_ptr<const core::DocumentRenderer> renderer) { m_documents = std::move(renderer); }

    int ruleCount() const { return m_evaluator.ruleCount(); }
    static constexpr int backlogCapacity = 200000;

Q_SIGNALS:
    void alertsChanged(const QList<core::Alert> &alerts);

private:
    using Call = ingest::ApiServer::RouteCall;
    using Respond = ingest::ApiServer::Respond;

    bool isRunning() const { return m_store != nullptr; }
    // Runs `work` on this object's thread.
    void onThread(std::function<void()> work);
    void tick();
    void persist(const alerts::AlertChanges &changes);
    void reloadRules(const QString &actor);
    std::optional<alerts::RuleInfo> ruleInfo(const core::RuleSignal &signal) const;

    // The rule or SLO the path names; when there is none, answers 404 and returns null.
    const rules::Rule *ruleOr404(const Call &call, const Respond &respond) const;
    std::shared_ptr<SloTracker> sloOr404(const Call &call, const Respond &respond) const;

    void listPolicies(const Call &call, const Respond &respond);
    void getPolicy(const Call &call, const Respond &respond);
    void createPolicy(const Call &call, const Respond &respond);
    void updatePolicy(const Call &call, const Respond &respond);
    void deletePolicy(const Call &call, const Respond &respond);
    void importPolicies(const Call &call, const Respond &respond);
    void exportPolicies(const Call &call, const Respond &respond);
    void listAlerts(const Call &call, const Respond &respond);
    void summary(const Call &call, const Respond &respond);
    void transition(const Call &call, const Respond &respond, bool acknowledge);
    void acknowledgeAll(const Call &call, const Respond &respond);
    void timeline(const Call &call, const Respond &respond);
    void createSilence(const Call &call, const Respond &respond);
    void listSilences(const Call &call, const Respond &respond);
    void deleteSilence(const Call &call, const Respond &respond);
    void listSlos(const Call &call, const Respond &respond);
    void createSlo(const Call &call, const Respond &respond);
    void getSlo(const Call &call, const Respond &respond);
    void updateSlo(const Call &call, const Respond &respond);
    void deleteSlo(const Call &call, const Respond &respond);
    void sloStatus(const Call &call, const Respond &respond);
    void sloHistory(const Call &call, const Respond &respond);
    void sloPredict(const Call &call, const Respond &respond);
    void sloMeasurements(const Call &call, const Respond &respond);
    void sloViolations(const Call &call, const Respond &respond);
    void sloReport(const Call &call, const Respond &respond);
    // Validates and stores an SLO document; answers the HTTP error itself when it fails.
    std::shared_ptr<SloTracker> acceptSlo(const QJsonObject &json, const QString &id, const Respond &respond);
    QJsonObject sloJson(const SloTracker &tracker, bool withStatus) const;
    void evaluateSlos(qint64 atMs);
    // SLO counts reach the store at most once a second: one transaction for all SLOs rather than
    // one per batch, which would hold the database's single write lock against event commits.
    void saveSloMinutes(bool evenIfRecent);

    QString m_databasePath;
    const core::Clock *m_clock;
    storage::SqliteConnection m_connection;
    std::unique_ptr<storage::AlertStore> m_store;
    QMap<QString, rules::Rule> m_rules; // id -> rule, sorted: the export order
    std::unique_ptr<storage::SloStore> m_sloStore;
    QMap<QString, std::shared_ptr<SloTracker>> m_slos;
    SloCounter m_sloCounter; // counts events for m_slos; reset whenever the set changes
    QHash<QString, QMap<qint64, storage::MinuteCounts>> m_unsavedSloMinutes; // in the rollups, not yet stored
    qint64 m_sloMinutesSavedAtMs = 0;
    rules::RuleEvaluator m_evaluator;
    alerts::AlertBook m_book;
    QTimer *m_timer = nullptr;
    std::shared_ptr<QSemaphore> m_gate;
    std::shared_ptr<const core::DocumentRenderer> m_documents;
    qint64 m_eventWatermark = std::numeric_limits<qint64>::min(); // the latest event time seen
};

} // namespace services
