#pragma once

#include <QStringList>
#include <QTextStream>

namespace app {

// `sentinel apikey create|list|revoke`: works directly on the data directory's database, also
// while a server is running on it (SQLite WAL; the server sees changes within seconds).
// Returns the process exit code.
int runApiKeyCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace app
