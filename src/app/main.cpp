// sentinel: the dashboard, `--headless`, or an admin command. Only composition happens here.
#include "app/ApiKeyCommand.h"
#include "app/CommandLine.h"
#include "app/PdfDocumentRenderer.h"
#include "app/ScoreSeriesCommand.h"
#include "app/SignalWatcher.h"
#include "gui/MainWindow.h"
#include "gui/Theme.h"
#include "services/Engine.h"

#include <QApplication>
#include <QTextStream>
#include <memory>

namespace {

int runEngine(QCoreApplication &application, const app::Invocation &invocation, QTextStream &out, QTextStream &err)
{
    services::EngineConfig config = invocation.config;
    config.documents = std::make_shared<app::PdfDocumentRenderer>();
    services::Engine engine(config);
    if (const QString error = engine.start(); !error.isEmpty()) {
        err << "sentinel: " << error << "\n";
        return 1;
    }
    // Tests and scripts read this line to learn the port when --listen asked for port 0.
    out << "sentinel: listening on " << engine.listenAddress() << " (data: " << engine.dataDir() << ")"
        << (invocation.config.demo ? " with demo traffic" : "") << "\n";
    out.flush();

    app::SignalWatcher signals;
    QObject::connect(&signals, &app::SignalWatcher::terminationRequested, &application, [&application] { application.quit(); });

    std::unique_ptr<gui::MainWindow> window;
    if (invocation.mode == app::Invocation::Mode::Dashboard) {
        gui::applyDarkTheme(static_cast<QApplication &>(application));
        window = std::make_unique<gui::MainWindow>(&engine);
        window->show();
    }
    const int code = application.exec();
    window.reset();
    engine.stop();
    err << "sentinel: stopped cleanly\n";
    return code;
}

} // namespace

int main(int argc, char **argv)
{
    std::unique_ptr<QCoreApplication> application;
    switch (app::applicationKind(argc, argv)) {
    case app::ApplicationKind::Console:
        application = std::make_unique<QCoreApplication>(argc, argv);
        break;
    case app::ApplicationKind::Offscreen:
        // A server has no display; fonts for typesetting reports are all it needs.
        qputenv("QT_QPA_PLATFORM", "offscreen");
        application = std::make_unique<QGuiApplication>(argc, argv);
        break;
    case app::ApplicationKind::Widgets:
        application = std::make_unique<QApplication>(argc, argv);
        break;
    }
    QCoreApplication::setOrganizationName(QStringLiteral("Sentinel"));
    QCoreApplication::setApplicationName(QStringLiteral("sentinel"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SENTINEL_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    app::Invocation invocation;
    QString error;
    if (!app::parseCommandLine(QCoreApplication::arguments(), &invocation, &error)) {
        err << "sentinel: " << error << "\n";
        return 2;
    }
    switch (invocation.mode) {
    case app::Invocation::Mode::Help:
        out << invocation.helpText;
        return 0;
    case app::Invocation::Mode::Version:
        out << "sentinel " << SENTINEL_VERSION << "\n";
        return 0;
    case app::Invocation::Mode::ApiKey:
        return app::runApiKeyCommand(invocation.apiKeyArguments, out, err);
    case app::Invocation::Mode::ScoreSeries:
        return app::runScoreSeriesCommand(invocation.apiKeyArguments, err);
    case app::Invocation::Mode::Headless:
    case app::Invocation::Mode::Dashboard:
        break;
    }
    return runEngine(*application, invocation, out, err);
}
