#pragma once

#include "RawHttpClient.h"
#include "services/Engine.h"

#include <QTemporaryDir>
#include <memory>

namespace testsupport {

// A real engine on 127.0.0.1 with a free port and a throw-away data directory, plus API keys
// created through the same store code the CLI uses.
class EngineFixture final
{
public:
    explicit EngineFixture(services::EngineConfig config = {});
    ~EngineFixture();

    bool start();          // QVERIFY-able; the error is in lastError()
    void stop();
    bool restart();        // same data directory, same port if possible
    QString lastError() const { return m_error; }
    quint16 port() const { return m_engine ? m_engine->port() : 0; }
    services::Engine *engine() const { return m_engine.get(); }
    QString dataDir() const { return m_dir.path(); }
    QString databasePath() const;
    services::EngineConfig &config() { return m_config; }

    // Creates a key with the given scopes and returns it (empty on failure).
    QByteArray createKey(const QString &name, const QStringList &scopes);
    QByteArray ingestKey();  // sentry.ingest + sentry.read, created once

    std::unique_ptr<RawHttpClient> client() const { return std::make_unique<RawHttpClient>(port()); }

private:
    QTemporaryDir m_dir;
    services::EngineConfig m_config;
    std::unique_ptr<services::Engine> m_engine;
    QString m_error;
    QByteArray m_ingestKey;
};

} // namespace testsupport
