#include "notify/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QThread>
#include <functional>
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
                              "`dbus-run-session -- sh -c 'printf %s \"$KEYRING_PASSWORD\" | gnome-keyring-daemon --unlock --components=secrets; "
                              "sentinel --headless'`, or name an environment variable in the channel instead (\"routing_key_env\": \"PD_KEY\")")
            .arg(text);
    default:
        break;
    }
    return QStringLiteral("keychain: %1").arg(text);
}

struct Outcome
{
    QKeychain::Error error = QKeychain::NoError;
    QString errorText;
    QString data;
};

// QtKeychain queues jobs in one executor object that lives in the thread of the first job;
// jobs from another thread crash it. So every job of the process runs on this one thread.
QObject *keychainThreadAnchor()
{
    static QObject *anchor = [] {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("sentinel-keychain"));
        thread->start();
        auto *object = new QObject;
        object->moveToThread(thread);
        qAddPostRoutine([] {
            QThread *t = keychainThreadAnchor()->thread();
            t->quit();
            t->wait();
        });
        return object;
    }();
    return anchor;
}

// Runs a QtKeychain job to completion on the keychain thread and waits for it. The job is made
// and deletes itself there: QtKeychain still posts events to it after `finished`.
template<typename Job>
Outcome run(const std::function<void(Job *)> &prepare)
{
    Outcome outcome;
    QObject *anchor = keychainThreadAnchor();
    const auto work = [&outcome, &prepare] {
        auto *job = new Job(service);
        job->setAutoDelete(true);
        job->setInsecureFallback(false);
        prepare(job);
        QEventLoop loop;
        QObject::connect(job, &QKeychain::Job::finished, &loop, [&outcome, &loop](QKeychain::Job *done) {
            outcome.error = done->error();
            outcome.errorText = done->errorString();
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(done))
                outcome.data = read->textData();
            loop.quit();
        });
        job->start();
        loop.exec();
    };
    if (QThread::currentThread() == anchor->thread())
        work();
    else
        QMetaObject::invokeMethod(anchor, work, Qt::BlockingQueuedConnection);
    return outcome;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString scope)
    : m_scope(std::move(scope))
{
}

QString KeychainSecretStore::write(const QString &key, const QString &secret)
{
    const Outcome o = run<QKeychain::WritePasswordJob>([&](QKeychain::WritePasswordJob *job) {
        job->setKey(m_scope + QLatin1Char('/') + key);
        job->setTextData(secret);
    });
    return o.error == QKeychain::NoError ? QString() : explain(o.error, o.errorText);
}

std::optional<QString> KeychainSecretStore::read(const QString &key, QString *error)
{
    const Outcome o = run<QKeychain::ReadPasswordJob>([&](QKeychain::ReadPasswordJob *job) { job->setKey(m_scope + QLatin1Char('/') + key); });
    if (o.error == QKeychain::NoError)
        return o.data;
    if (o.error != QKeychain::EntryNotFound)
        *error = explain(o.error, o.errorText);
    return std::nullopt;
}

QString KeychainSecretStore::remove(const QString &key)
{
    const Outcome o = run<QKeychain::DeletePasswordJob>([&](QKeychain::DeletePasswordJob *job) { job->setKey(m_scope + QLatin1Char('/') + key); });
    return o.error == QKeychain::NoError || o.error == QKeychain::EntryNotFound ? QString() : explain(o.error, o.errorText);
}

} // namespace notify
