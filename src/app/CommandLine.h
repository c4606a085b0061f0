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

// Which application object main() creates, decided before Qt parses the arguments: admin
// commands need no GUI at all; `--headless` needs fonts (PDF reports) but no display, so it runs
// a QGuiApplication on the offscreen platform; the dashboard needs widgets.
enum class ApplicationKind { Console, Offscreen, Widgets };
ApplicationKind applicationKind(int argc, char **argv);

} // namespace app
