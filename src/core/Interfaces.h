#pragma once

#include "core/ApiKeys.h"
#include "core/EventQuery.h"
#include "core/EventRecord.h"

#include <QString>
#include <functional>
#include <optional>

// The seams between modules. `ingest` talks to the pipeline and the store only through these,
// and `services` provides the implementations, so neither sibling includes the other.
namespace core {

struct CommitOutcome
{
    bool ok = false;
    qsizetype stored = 0;     // newly stored
    qsizetype duplicates = 0; // event_id seen before: acknowledged, not stored again
    QString error;
};

struct QueueStatus
{
    qsizetype depthEvents = 0;
    qsizetype capacityEvents = 0;
    qint64 lastCommitMs = 0; // wall clock of the last successful commit, 0 if none yet
    bool storeWritable = true;
    QString storeError;
};

// Accepts validated events for durable storage. Thread-safe.
class EventSink
{
public:
    virtual ~EventSink() = default;
    // Queues the batch; `done` is called exactly once, on an unspecified thread, after the batch
    // is committed or has failed. Returns false without queuing when the queue is full.
    virtual bool submit(EventList events, std::function<void(const CommitOutcome &)> done) = 0;
    virtual QueueStatus queueStatus() const = 0;
};

// Reads stored events off the caller's thread. Thread-safe.
class EventReader
{
public:
    virtual ~EventReader() = default;
    // `done` runs on an unspecified thread with the page, or with an error text.
    virtual void query(const EventQuery &query, std::function<void(const EventPage &, const QString &error)> done) = 0;
};

// Resolves a presented API key to its record. Thread-safe; may consult the database.
class ApiKeyResolver
{
public:
    virtual ~ApiKeyResolver() = default;
    virtual std::optional<ApiKeyInfo> resolve(const QByteArray &keyHash) = 0;
};

// Keeps secrets (webhook URLs, routing keys, passwords) out of the database and config files:
// the OS keychain in production. Blocking; call from a worker thread, one call at a time.
class SecretStore
{
public:
    virtual ~SecretStore() = default;
    // Empty on success, else why not, in words an operator can act on.
    virtual QString write(const QString &key, const QString &secret) = 0;
    // Nothing with `error` empty when there is no such secret; nothing with `error` set when
    // the keychain could not be asked.
    virtual std::optional<QString> read(const QString &key, QString *error) = 0;
    virtual QString remove(const QString &key) = 0;
};

// Typesets a Markdown document as PDF. Typesetting needs fonts and a GUI library, which the
// engine must not link, so the composition root supplies one. Thread-safe.
class DocumentRenderer
{
public:
    virtual ~DocumentRenderer() = default;
    // The PDF bytes, or empty with `error` saying why.
    virtual QByteArray markdownToPdf(const QString &title, const QString &markdown, QString *error) const = 0;
};

} // namespace core
