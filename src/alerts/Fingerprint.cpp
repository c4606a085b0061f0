#include "alerts/Fingerprint.h"

#include <QCryptographicHash>

namespace alerts {

QString fingerprint(const QString &ruleId, const QMap<QString, QString> &groupLabels)
{
    // Length-prefixed parts: no choice of values can make two different groups collide in text.
    QByteArray canonical;
    const auto add = [&canonical](const QString &part) {
        const QByteArray utf8 = part.toUtf8();
        canonical += QByteArray::number(utf8.size()) + ':' + utf8;
    };
    add(ruleId);
    for (auto it = groupLabels.cbegin(); it != groupLabels.cend(); ++it) {
        add(it.key());
        add(it.value());
    }
    return QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex().left(16));
}

} // namespace alerts
