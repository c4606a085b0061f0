#include "core/EventQuery.h"

#include <QByteArray>
#include <QList>

namespace core {

QString encodeCursor(qint64 timestampMs, qint64 seq)
{
    const QByteArray plain = QByteArray::number(timestampMs) + ':' + QByteArray::number(seq);
    return QString::fromLatin1(plain.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool decodeCursor(const QString &cursor, EventQuery *query)
{
    const auto decoded = QByteArray::fromBase64Encoding(cursor.toLatin1(),
                                                        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QList<QByteArray> parts = decoded.decoded.split(':');
    if (parts.size() != 2)
        return false;
    bool okTs = false, okSeq = false;
    const qint64 ts = parts[0].toLongLong(&okTs);
    const qint64 seq = parts[1].toLongLong(&okSeq);
    if (!okTs || !okSeq || seq < 0)
        return false;
    query->cursorTs = ts;
    query->cursorSeq = seq;
    return true;
}

} // namespace core
