#pragma once

#include "core/EventValidation.h"

#include <QtGlobal>

namespace ingest {

// Everything a client could use to exhaust the server, bounded. Defaults are the documented ones.
struct ServerLimits
{
    qsizetype maxHeaderBytes = 64 * 1024;
    qsizetype maxBodyBytes = 16 * 1024 * 1024;       // as received (compressed or not) -> 413
    qsizetype maxDecodedBodyBytes = 64 * 1024 * 1024; // after gunzip -> 413
    qsizetype maxBodyBytesInFlight = 256 * 1024 * 1024; // all connections together -> 503
    qsizetype maxBatchEvents = 10000;                 // -> 413
    int maxConnections = 1024;                        // beyond: 503 and close
    int idleTimeoutMs = 60000;                        // keep-alive connections with nothing to do
    int requestTimeoutMs = 30000;                     // a request head or body that stops arriving -> 408
    qsizetype maxResponseBacklogBytes = 8 * 1024 * 1024; // stop reading while a client does not read
    int maxStreamClients = 256;
    qint64 streamHighWaterBytes = 1024 * 1024;        // a slower WebSocket client starts losing events
    core::EventLimits event;
};

} // namespace ingest
