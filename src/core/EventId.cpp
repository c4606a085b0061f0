#include "core/EventId.h"

#include <QRandomGenerator>

namespace core {

namespace {
constexpr quint64 counterBits = 42;
constexpr quint64 counterMask = (quint64(1) << counterBits) - 1;
}

QUuid EventIdGenerator::next(qint64 unixMs)
{
    quint64 counter;
    qint64 ms;
    {
        QMutexLocker lock(&m_mutex);
        if (unixMs > m_lastMs) {
            m_lastMs = unixMs;
            // Seed with the top bit clear so a burst within one millisecond rarely overflows.
            m_counter = QRandomGenerator::global()->generate64() & (counterMask >> 1);
        } else {
            ++m_counter;
            if (m_counter > counterMask) { // overflow: borrow the next millisecond
                ++m_lastMs;
                m_counter = 0;
            }
        }
        counter = m_counter;
        ms = m_lastMs;
    }
    const quint64 randomTail = QRandomGenerator::global()->generate64();
    QByteArray bytes(16, '\0');
    auto *b = reinterpret_cast<unsigned char *>(bytes.data());
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<unsigned char>(quint64(ms) >> (40 - 8 * i));
    const quint64 randA = counter >> 30;              // 12 bits
    const quint64 randBTop = counter & ((1u << 30) - 1); // 30 bits
    b[6] = static_cast<unsigned char>(0x70 | ((randA >> 8) & 0x0F));
    b[7] = static_cast<unsigned char>(randA & 0xFF);
    // rand_b: 2 variant bits, then 30 counter bits, then 32 random bits.
    b[8] = static_cast<unsigned char>(0x80 | ((randBTop >> 24) & 0x3F));
    b[9] = static_cast<unsigned char>(randBTop >> 16);
    b[10] = static_cast<unsigned char>(randBTop >> 8);
    b[11] = static_cast<unsigned char>(randBTop);
    for (int i = 0; i < 4; ++i)
        b[12 + i] = static_cast<unsigned char>(randomTail >> (24 - 8 * i));
    return QUuid::fromRfc4122(bytes);
}

int uuidVersion(const QUuid &id)
{
    // QUuid::version() in Qt 6.4 answers VerUnknown for anything above version 5.
    return static_cast<unsigned char>(id.toRfc4122()[6]) >> 4;
}

qint64 uuidV7Millis(const QUuid &id)
{
    if (uuidVersion(id) != 7)
        return -1;
    const QByteArray bytes = id.toRfc4122();
    qint64 ms = 0;
    for (int i = 0; i < 6; ++i)
        ms = (ms << 8) | static_cast<unsigned char>(bytes[i]);
    return ms;
}

} // namespace core
