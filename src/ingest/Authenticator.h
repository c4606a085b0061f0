#pragma once

#include "core/Clock.h"
#include "core/Interfaces.h"
#include "ingest/HttpMessage.h"

#include <QHash>
#include <optional>

namespace ingest {

struct AuthResult
{
    int status = 200; // 200, 401 or 403
    QString message;
    core::ApiKeyInfo key;
};

// Checks `Authorization: Bearer KEY` (or `?access_token=` for browser WebSocket clients, which
// cannot set headers) against the key store. Answers are cached for a few seconds so a hot
// ingestion loop does not query the database per request, while a key created or revoked with
// `sentinel apikey` takes effect within that time. Used on the server thread only.
class Authenticator final
{
public:
    Authenticator(core::ApiKeyResolver *resolver, const core::Clock *clock, qint64 cacheMs = 2000);

    AuthResult authorize(const HttpRequest &request, const QString &scope);

private:
    struct Cached
    {
        std::optional<core::ApiKeyInfo> key;
        qint64 expiresMs = 0;
    };
    core::ApiKeyResolver *m_resolver;
    const core::Clock *m_clock;
    qint64 m_cacheMs;
    QHash<QByteArray, Cached> m_cache;
};

} // namespace ingest
