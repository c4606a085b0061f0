#pragma once

#include <QByteArray>
#include <QString>

namespace ingest {

enum class DecodeStatus { Ok, Unsupported, Corrupt, TooLarge };

// Undoes a Content-Encoding (identity, gzip, x-gzip, deflate) with zlib, refusing to expand
// beyond maxDecodedBytes so a small compressed body cannot become a memory bomb.
DecodeStatus decodeContent(const QByteArray &encoding, QByteArray *body, qsizetype maxDecodedBytes, QString *problem);

} // namespace ingest
