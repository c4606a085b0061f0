#pragma once

#include "ingest/ServerLimits.h"

#include <QHostAddress>
#include <QString>

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
};

} // namespace services
