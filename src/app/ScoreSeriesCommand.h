#pragma once

#include <QStringList>
#include <QTextStream>

namespace app {

// `sentinel score-series --in FILE.csv --out FILE.csv [--detector JSON] [--alerts]`: runs one of
// the engine's detectors over a `timestamp,value` series, in order, as if the rows arrived live.
// Returns the process exit code.
int runScoreSeriesCommand(const QStringList &arguments, QTextStream &err);

} // namespace app
