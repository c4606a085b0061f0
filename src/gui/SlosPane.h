#pragma once

#include <QWidget>

class QLabel;
class QTableView;
class QTimer;

namespace models {
class SlosModel;
}

namespace services {
class Engine;
}

class QChart;
class QLineSeries;
class QBarSeries;
class QChartView;

namespace gui {

// SLOs: one row per SLO (SLI, objective, budget left as a bar that turns amber and red, fastest
// burn, predicted exhaustion); the selected one's budget burn-down over the window and its burn
// rates for the six windows against their thresholds. New / Edit with live validation, Delete.
class SlosPane final : public QWidget
{
    Q_OBJECT

public:
    explicit SlosPane(services::Engine *engine, QWidget *parent = nullptr);

    models::SlosModel *model() const { return m_model; }
    QChart *burnDownChart() const;
    QChart *burnRateChart() const;
    void refresh();
    // Asks the engine for the report in the format the suffix names (.pdf, .md, .json) and
    // writes it to `path`; the outcome shows next to the buttons.
    void exportReport(const QString &path);

Q_SIGNALS:
    void reportExported(const QString &path);

private:
    void chooseReportFile();
    void showSelected();
    void edit(bool create);
    void deleteSelected();
    QString selectedId() const;

    services::Engine *m_engine;
    models::SlosModel *m_model;
    QTableView *m_table;
    QChartView *m_burnDown;
    QChartView *m_burnRates;
    QLabel *m_message;
    QTimer *m_timer;
};

} // namespace gui
