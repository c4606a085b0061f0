#include "core/ApiKeys.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace core {

QStringList scopes::all()
{
    return {ingest, read, alertRead, alertWrite, policyRead, policyWrite, admin};
}

QString generateApiKey()
{
    QByteArray random(32, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
    return QStringLiteral("snl_")
        + QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray hashApiKey(const QString &key)
{
    return QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256);
}

bool parseScopes(const QString &commaSeparated, QStringList *scopesOut, QString *problem)
{
    QStringList result;
    const QStringList known = scopes::all();
    for (const QString &part : commaSeparated.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString scope = part.trimmed();
        if (!known.contains(scope)) {
            *problem = QCoreApplication::translate("core::ApiKeys", "unknown scope \"%1\" (known: %2)")
                           .arg(scope, known.join(QLatin1String(", ")));
            return false;
        }
        if (!result.contains(scope))
            result.append(scope);
    }
    if (result.isEmpty()) {
        *problem = QCoreApplication::translate("core::ApiKeys", "at least one scope is required (known: %1)")
                       .arg(known.join(QLatin1String(", ")));
        return false;
    }
    *scopesOut = result;
    return true;
}

bool isValidKeyName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

} // namespace core
