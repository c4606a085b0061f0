#include "services/DataDirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryFile>

namespace services {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("services::DataDirectory", text);
}
} // namespace

DataDirectory::DataDirectory(QString path)
    : m_path(path.isEmpty() ? defaultPath() : QDir(path).absolutePath())
{
}

QString DataDirectory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString DataDirectory::databasePath() const
{
    return QDir(m_path).filePath(QStringLiteral("sentinel.db"));
}

QString DataDirectory::prepare()
{
    QFileInfo info(m_path);
    if (info.exists() && !info.isDir())
        return tr("data directory %1 is a file, not a directory").arg(m_path);
    if (!QDir().mkpath(m_path))
        return tr("cannot create data directory %1").arg(m_path);
    QTemporaryFile probe(QDir(m_path).filePath(QStringLiteral(".write-test-XXXXXX")));
    if (!probe.open())
        return tr("data directory %1 is not writable: %2").arg(m_path, probe.errorString());
    return {};
}

QString DataDirectory::lockForServer()
{
    m_lock = std::make_unique<QLockFile>(QDir(m_path).filePath(QStringLiteral("sentinel.lock")));
    m_lock->setStaleLockTime(0); // only a dead process's lock is stale
    if (m_lock->tryLock(0))
        return {};
    qint64 pid = 0;
    QString host, app;
    m_lock->getLockInfo(&pid, &host, &app);
    return tr("another Sentinel (pid %1) is already serving data directory %2").arg(pid).arg(m_path);
}

} // namespace services
