#pragma once

#include "core/Interfaces.h"
#include "ingest/ServerLimits.h"

#include <QHostAddress>
#include <QString>
#include <memory>

namespace services {

struct EngineConfig
{
    QString dataDir;
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 8310;
    int retentionDays = 90;
    qsizetype queueCapacityEvents = 200000;
    qsizetype maxEventsPerCommit = 20000;
    bool demo = false;
    ingest::ServerLimits limits;
    // Supplied by the composition root, not read from configuration: without it PDF reports
    // answer 501.
    std::shared_ptr<const core::DocumentRenderer> documents;
    // Where notification secrets live; by default the OS keychain (QtKeychain), scoped to the
    // data directory.
    std::shared_ptr<core::SecretStore> secrets;
    // The first retry delay (then doubling: 1, 2, 4, 8, 16 s) and how long a channel's circuit
    // stays open after 5 failures in a row.
    qint64 notifyRetryBaseMs = 1000;
    qint64 notifyCircuitOpenMs = 60000;
};

} // namespace services
