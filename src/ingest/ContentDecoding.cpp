#include "ingest/ContentDecoding.h"

#include <zlib.h>

namespace ingest {

DecodeStatus decodeContent(const QByteArray &encoding, QByteArray *body, qsizetype maxDecodedBytes, QString *problem)
{
    const QByteArray name = encoding.trimmed().toLower();
    if (name.isEmpty() || name == "identity")
        return DecodeStatus::Ok;
    if (name != "gzip" && name != "x-gzip" && name != "deflate") {
        *problem = QStringLiteral("unsupported Content-Encoding \"%1\" (use gzip, deflate or identity)").arg(QString::fromLatin1(name));
        return DecodeStatus::Unsupported;
    }
    z_stream stream{};
    // 32 + MAX_WBITS: detect a gzip or zlib header automatically.
    if (inflateInit2(&stream, 32 + MAX_WBITS) != Z_OK) {
        *problem = QStringLiteral("cannot initialise the decompressor");
        return DecodeStatus::Corrupt;
    }
    QByteArray out;
    out.resize(qMin<qsizetype>(qMax<qsizetype>(body->size() * 4, 64 * 1024), maxDecodedBytes + 1));
    stream.next_in = reinterpret_cast<Bytef *>(body->data());
    stream.avail_in = uInt(body->size());
    int rc = Z_OK;
    qsizetype produced = 0;
    while (rc != Z_STREAM_END) {
        if (produced == out.size()) {
            if (out.size() > maxDecodedBytes) {
                inflateEnd(&stream);
                *problem = QStringLiteral("decompressed body is larger than %1 bytes").arg(maxDecodedBytes);
                return DecodeStatus::TooLarge;
            }
            out.resize(qMin<qsizetype>(out.size() * 2, maxDecodedBytes + 1));
        }
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + produced);
        stream.avail_out = uInt(out.size() - produced);
        rc = inflate(&stream, Z_NO_FLUSH);
        produced = out.size() - qsizetype(stream.avail_out);
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK && !(rc == Z_BUF_ERROR && stream.avail_out == 0)) {
            inflateEnd(&stream);
            *problem = QStringLiteral("body is not valid %1 data").arg(QString::fromLatin1(name));
            return DecodeStatus::Corrupt;
        }
        if (stream.avail_in == 0 && stream.avail_out != 0) {
            inflateEnd(&stream);
            *problem = QStringLiteral("%1 body is truncated").arg(QString::fromLatin1(name));
            return DecodeStatus::Corrupt;
        }
    }
    inflateEnd(&stream);
    if (produced > maxDecodedBytes) {
        *problem = QStringLiteral("decompressed body is larger than %1 bytes").arg(maxDecodedBytes);
        return DecodeStatus::TooLarge;
    }
    out.truncate(produced);
    *body = out;
    return DecodeStatus::Ok;
}

} // namespace ingest
