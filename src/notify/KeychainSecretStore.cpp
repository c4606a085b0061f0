#include "notify/KeychainSecretStore.h"

#include <QEventLoop>
#include <qt6keychain/keychain.h>

namespace notify {

namespace {

const QString service = QStringLiteral("sentinel");

QString explain(QKeychain::Error error, const QString &text)
{
    switch (error) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::OtherError:
    case QKeychain::AccessDenied:
        return QStringLiteral("the OS keychain is not reachable (%1). On a server without a desktop session, run a Secret Service, e.g. "
                              "`dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets <<< \"$KEYRING_PASSWORD\"; "
                              "sentinel --headless'`, or name an environment variable in the channel instead (\"routing_key_env\": \"PD_KEY\")")
            .arg(text);
    default:
        break;
    }
    return QStringLiteral("keychain: %1").arg(text);
}

// Runs a QtKeychain job to completion on this thread.
template<typename Job>
void runJob(Job &job)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString scope)
    : m_scope(std::move(scope))
{
}

QString KeychainSecretStore::write(const QString &key, const QString &secret)
{
    QKeychain::WritePasswordJob job(service);
    job.setInsecureFallback(false);
    job.setKey(m_scope + QLatin1Char('/') + key);
    job.setTextData(secret);
    runJob(job);
    return job.error() == QKeychain::NoError ? QString() : explain(job.error(), job.errorString());
}

std::optional<QString> KeychainSecretStore::read(const QString &key, QString *error)
{
    QKeychain::ReadPasswordJob job(service);
    job.setInsecureFallback(false);
    job.setKey(m_scope + QLatin1Char('/') + key);
    runJob(job);
    if (job.error() == QKeychain::NoError)
        return job.textData();
    if (job.error() != QKeychain::EntryNotFound)
        *error = explain(job.error(), job.errorString());
    return std::nullopt;
}

QString KeychainSecretStore::remove(const QString &key)
{
    QKeychain::DeletePasswordJob job(service);
    job.setInsecureFallback(false);
    job.setKey(m_scope + QLatin1Char('/') + key);
    runJob(job);
    return job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound ? QString() : explain(job.error(), job.errorString());
}

} // namespace notify
