#pragma once

#include <QByteArray>

namespace testsupport {

// Compresses as a gzip client would (RFC 1952 framing), for Content-Encoding tests.
QByteArray gzip(const QByteArray &data);

} // namespace testsupport
