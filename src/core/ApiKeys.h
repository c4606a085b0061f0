#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace core {

// The scopes of DESIGN.md section 4. Names are the contract's and never change.
namespace scopes {
inline const QString ingest = QStringLiteral("sentry.ingest");
inline const QString read = QStringLiteral("sentry.read");
inline const QString alertRead = QStringLiteral("sentry.alert.read");
inline const QString alertWrite = QStringLiteral("sentry.alert.write");
inline const QString policyRead = QStringLiteral("sentry.policy.read");
inline const QString policyWrite = QStringLiteral("sentry.policy.write");
inline const QString admin = QStringLiteral("sentry.admin"); // notification channels, routing, outbox
QStringList all();
} // namespace scopes

struct ApiKeyInfo
{
    QString name;
    QStringList scopes;
    qint64 createdMs = 0;
    qint64 revokedMs = 0; // 0 while valid

    bool isRevoked() const { return revokedMs != 0; }
    bool hasScope(const QString &scope) const { return scopes.contains(scope); }
};

// A new key: "snl_" and 43 base64url characters of 256 random bits from the operating system.
QString generateApiKey();
// Keys carry 256 bits of entropy, so one SHA-256 is the right hash: a slow password hash buys
// nothing against brute force here and would cost every request.
QByteArray hashApiKey(const QString &key);
// Splits and checks a comma-separated scope list; the problem text names the first bad scope.
bool parseScopes(const QString &commaSeparated, QStringList *scopesOut, QString *problem);
bool isValidKeyName(const QString &name);

} // namespace core
