#include "ingest/Authenticator.h"

#include <QCoreApplication>

namespace ingest {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ingest::Authenticator", text);
}
constexpr qsizetype maxCachedKeys = 4096;
} // namespace

Authenticator::Authenticator(core::ApiKeyResolver *resolver, const core::Clock *clock, qint64 cacheMs)
    : m_resolver(resolver)
    , m_clock(clock)
    , m_cacheMs(cacheMs)
{
}

AuthResult Authenticator::authorize(const HttpRequest &request, const QString &scope)
{
    QByteArray presented;
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.size() > 7 && authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        presented = authorization.mid(7).trimmed();
    else if (request.query.hasQueryItem(QStringLiteral("access_token")))
        presented = request.query.queryItemValue(QStringLiteral("access_token"), QUrl::FullyDecoded).toUtf8();
    if (presented.isEmpty())
        return {401, tr("missing API key: send Authorization: Bearer <key>"), {}};

    const QByteArray hash = core::hashApiKey(QString::fromUtf8(presented));
    const qint64 now = m_clock->nowMs();
    auto it = m_cache.find(hash);
    if (it == m_cache.end() || it->expiresMs < now) {
        if (m_cache.size() >= maxCachedKeys)
            m_cache.clear(); // a flood of random keys must not grow memory
        it = m_cache.insert(hash, {m_resolver->resolve(hash), now + m_cacheMs});
    }
    if (!it->key || it->key->isRevoked())
        return {401, tr("invalid or revoked API key"), {}};
    if (!it->key->hasScope(scope))
        return {403, tr("API key \"%1\" lacks the scope %2").arg(it->key->name, scope), *it->key};
    return {200, {}, *it->key};
}

} // namespace ingest
