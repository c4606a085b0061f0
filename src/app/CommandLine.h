#pragma once

#include "services/EngineConfig.h"

#include <QStringList>

namespace app {

struct Invocation
{
    enum class Mode { Dashboard, Headless, ApiKey, ScoreSeries, Help, Version };
    Mode mode = Mode::Dashboard;
    services::EngineConfig config;
    QStringList apiKeyArguments; // for ApiKey and ScoreSeries: everything after the command word
    QString helpText;
};

// Parses `sentinel [options]`, `sentinel --headless [options]` and `sentinel apikey ...`.
// Precedence: built-in defaults < --config FILE < command-line options. Returns false and sets
// `error` to one line for the operator on any bad value.
bool parseCommandLine(const QStringList &arguments, Invocation *invocation, QString *error);

// True when the arguments ask for no window (so main() can create a QCoreApplication).
bool wantsNoWindow(int argc, char **argv);

} // namespace app
