#include "EngineFixture.h"

#include "storage/ApiKeyStore.h"
#include "storage/SqliteConnection.h"

#include <QDateTime>
#include <QDir>

namespace testsupport {

EngineFixture::EngineFixture(services::EngineConfig config)
    : m_config(std::move(config))
{
    m_config.dataDir = m_dir.path();
    m_config.listenAddress = QHostAddress::LocalHost;
    m_config.listenPort = 0;
}

EngineFixture::~EngineFixture()
{
    stop();
}

QString EngineFixture::databasePath() const
{
    return QDir(m_dir.path()).filePath(QStringLiteral("sentinel.db"));
}

bool EngineFixture::start()
{
    m_engine = std::make_unique<services::Engine>(m_config);
    m_error = m_engine->start();
    if (!m_error.isEmpty()) {
        m_engine.reset();
        return false;
    }
    return true;
}

void EngineFixture::stop()
{
    if (m_engine) {
        m_engine->stop();
        m_engine.reset();
    }
}

bool EngineFixture::restart()
{
    const quint16 previous = port();
    stop();
    m_config.listenPort = previous;
    if (start())
        return true;
    m_config.listenPort = 0;
    return start();
}

QByteArray EngineFixture::createKey(const QString &name, const QStringList &scopes)
{
    storage::SqliteConnection connection;
    if (connection.open(databasePath(), QStringLiteral("fixture-keys-") + name).isError())
        return {};
    storage::ApiKeyStore store(connection.database());
    storage::StoreError error;
    const QString key = store.create(name, scopes, QDateTime::currentMSecsSinceEpoch(), &error);
    return error.isError() ? QByteArray() : key.toUtf8();
}

QByteArray EngineFixture::ingestKey()
{
    if (m_ingestKey.isEmpty())
        m_ingestKey = createKey(QStringLiteral("fixture"), {core::scopes::ingest, core::scopes::read});
    return m_ingestKey;
}

} // namespace testsupport
