#include "gui/SlosPane.h"

#include "gui/JsonEditorDialog.h"
#include "models/SlosModel.h"
#include "services/Engine.h"
#include "services/SloTracker.h"
#include "slo/SloSpec.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineSeries>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

namespace gui {

namespace {

// The budget left as a bar: green, amber below half, red below a fifth (and when overspent).
class BudgetBarDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const double remaining = index.data(models::SlosModel::BudgetRemainingRole).toDouble();
        const QColor colour = remaining > 0.5 ? QColor(0x4c, 0xaf, 0x50) : remaining > 0.2 ? QColor(0xf2, 0xb1, 0x34) : QColor(0xff, 0x3b, 0x5c);
        painter->save();
        const QRect frame = option.rect.adjusted(3, 4, -3, -4);
        // Overspent: the whole cell turns dark red, so it reads as red even with no bar left.
        painter->fillRect(frame, remaining <= 0 ? QColor(0x5c, 0x12, 0x1f) : QColor(0x26, 0x2b, 0x35));
        QRect bar = frame;
        bar.setWidth(int(frame.width() * std::clamp(remaining, 0.0, 1.0)));
        painter->fillRect(bar, colour);
        painter->setPen(remaining > 0.2 ? Qt::white : QColor(0xff, 0xd0, 0xd8));
        painter->drawText(frame, Qt::AlignCenter, index.data().toString());
        painter->restore();
    }
};

QStringList sloProblems(const QJsonObject &json)
{
    QList<slo::SloProblem> problems;
    slo::parseSloSpec(json, &problems);
    services::parseSli(json.value(QLatin1String("sli")).toObject(), json.value(QLatin1String("service")).toString(), &problems);
    QStringList lines;
    for (const auto &p : problems)
        lines.append(QStringLiteral("%1: %2").arg(p.path, p.problem));
    return lines;
}

const char *const sloTemplate = R"({
    "name": "Checkout availability",
    "service": "checkout",
    "sli": {"kind": "ratio",
            "valid": {"source": "checkout", "type": "http_request"},
            "good": {"where": [{"field": "payload.status", "op": "<", "value": 500}]}},
    "objective": 0.999,
    "window": "30d"
}
)";

} // namespace

SlosPane::SlosPane(services::Engine *engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new models::SlosModel(this))
    , m_table(new QTableView)
    , m_burnDown(new QChartView)
    , m_burnRates(new QChartView)
    , m_message(new QLabel)
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("slosPane"));
    auto *newButton = new QPushButton(tr("&New…"));
    newButton->setObjectName(QStringLiteral("newSloButton"));
    auto *editButton = new QPushButton(tr("&Edit…"));
    editButton->setObjectName(QStringLiteral("editSloButton"));
    auto *deleteButton = new QPushButton(tr("&Delete"));
    deleteButton->setObjectName(QStringLiteral("deleteSloButton"));
    connect(newButton, &QPushButton::clicked, this, [this] { edit(true); });
    connect(editButton, &QPushButton::clicked, this, [this] { edit(false); });
    connect(deleteButton, &QPushButton::clicked, this, &SlosPane::deleteSelected);
    auto *reportButton = new QPushButton(tr("Export &report…"));
    reportButton->setObjectName(QStringLiteral("exportSloReportButton"));
    reportButton->setToolTip(tr("The compliance of every SLO now, as PDF, Markdown or JSON"));
    connect(reportButton, &QPushButton::clicked, this, &SlosPane::chooseReportFile);
    m_message->setObjectName(QStringLiteral("slosMessage"));

    m_table->setObjectName(QStringLiteral("slosTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(models::SlosModel::BudgetColumn, new BudgetBarDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(24);
    m_table->horizontalHeader()->setSectionResizeMode(models::SlosModel::NameColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(70);
    m_table->setColumnWidth(models::SlosModel::ServiceColumn, 90);
    m_table->setColumnWidth(models::SlosModel::SliColumn, 80);
    m_table->setColumnWidth(models::SlosModel::ObjectiveColumn, 75);
    m_table->setColumnWidth(models::SlosModel::BurnColumn, 100);
    m_table->setColumnWidth(models::SlosModel::BudgetColumn, 120);
    m_table->setColumnWidth(models::SlosModel::ExhaustionColumn, 140);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SlosPane::showSelected);

    for (QChartView *view : {m_burnDown, m_burnRates}) {
        auto *chart = new QChart;
        chart->setTheme(QChart::ChartThemeDark);
        chart->setBackgroundBrush(QColor(0x13, 0x16, 0x1c));
        chart->legend()->setAlignment(Qt::AlignBottom);
        view->setChart(chart);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(200);
    }
    m_burnDown->setObjectName(QStringLiteral("sloBudgetChart"));
    m_burnDown->chart()->setTitle(tr("Error budget left over the window"));
    m_burnRates->setObjectName(QStringLiteral("sloBurnChart"));
    m_burnRates->chart()->setTitle(tr("Burn rates and their alert thresholds"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addWidget(editButton);
    buttons->addWidget(deleteButton);
    buttons->addWidget(reportButton);
    buttons->addStretch(1);
    buttons->addWidget(m_message);
    auto *charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(m_burnDown);
    charts->addWidget(m_burnRates);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(charts);
    split->setSizes({160, 260});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, &SlosPane::refresh);
    m_timer->start();
    refresh();
}

QChart *SlosPane::burnDownChart() const
{
    return m_burnDown->chart();
}

QChart *SlosPane::burnRateChart() const
{
    return m_burnRates->chart();
}

QString SlosPane::selectedId() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? m_model->sloAt(current.row()).value(QLatin1String("id")).toString() : QString();
}

void SlosPane::refresh()
{
    m_engine->localCall("GET", QStringLiteral("/api/slo"), {}, this, [this](int status, const QByteArray &body) {
        if (status != 200)
            return;
        const QString selected = selectedId();
        QList<QJsonObject> slos;
        for (const QJsonValue &v : QJsonDocument::fromJson(body).object().value(QLatin1String("slos")).toArray())
            slos.append(v.toObject());
        m_model->setSlos(slos);
        for (const QJsonObject &slo : std::as_const(slos)) {
            const QString id = slo.value(QLatin1String("id")).toString();
            m_engine->localCall("GET", QStringLiteral("/api/slo/%1/predict").arg(id), {}, this, [this, id](int s, const QByteArray &b) {
                if (s != 200)
                    return;
                const QJsonObject p = QJsonDocument::fromJson(b).object();
                const QString at = p.value(QLatin1String("exhaustion_at")).toString();
                m_model->setPrediction(id, at.isEmpty() ? tr("not burning")
                                                        : tr("%1 (%2)").arg(QDateTime::fromString(at, Qt::ISODateWithMs).toLocalTime().toString(QStringLiteral("MMM d HH:mm")),
                                                                             p.value(QLatin1String("confidence")).toString()));
            });
        }
        const int row = m_model->rowOf(selected);
        if (row >= 0)
            showSelected();
        else if (m_model->rowCount() > 0 && selected.isEmpty())
            m_table->selectRow(0);
    });
}

void SlosPane::showSelected()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    const QJsonObject slo = m_model->sloAt(m_model->rowOf(id));
    // Burn rates for the six windows against the lowest threshold that watches each window.
    QChart *rates = m_burnRates->chart();
    rates->removeAllSeries();
    for (QAbstractAxis *axis : rates->axes())
        rates->removeAxis(axis);
    auto *burn = new QBarSet(tr("burn rate"));
    auto *limit = new QBarSet(tr("alert threshold"));
    limit->setColor(QColor(0x6c, 0x76, 0x86));
    QStringList windows;
    const QJsonObject current = slo.value(QLatin1String("status")).toObject().value(QLatin1String("burn_rates")).toObject();
    double highest = 1;
    for (const char *window : {"5m", "30m", "1h", "6h", "1d", "3d"}) {
        const QString name = QLatin1String(window);
        windows.append(name);
        const double rate = current.value(name).toDouble();
        double threshold = 0;
        for (const QJsonValue &row : slo.value(QLatin1String("alerting")).toArray()) {
            if (row[QLatin1String("long_window")].toString() == name || row[QLatin1String("short_window")].toString() == name)
                threshold = threshold == 0 ? row[QLatin1String("burn_rate")].toDouble() : std::min(threshold, row[QLatin1String("burn_rate")].toDouble());
        }
        *burn << rate;
        *limit << threshold;
        highest = std::max({highest, rate, threshold});
    }
    burn->setColor(models::SlosModel::fastestBurn(slo) > 1 ? QColor(0xf2, 0x6b, 0x3a) : QColor(0x3a, 0x8f, 0xd9));
    auto *bars = new QBarSeries;
    bars->append(burn);
    bars->append(limit);
    rates->addSeries(bars);
    auto *categories = new QBarCategoryAxis;
    categories->append(windows);
    auto *values = new QValueAxis;
    values->setRange(0, highest * 1.1);
    rates->addAxis(categories, Qt::AlignBottom);
    rates->addAxis(values, Qt::AlignLeft);
    bars->attachAxis(categories);
    bars->attachAxis(values);

    m_engine->localCall("GET", QStringLiteral("/api/slo/%1/history").arg(id), {}, this, [this](int status, const QByteArray &body) {
        if (status != 200)
            return;
        QChart *chart = m_burnDown->chart();
        chart->removeAllSeries();
        for (QAbstractAxis *axis : chart->axes())
            chart->removeAxis(axis);
        auto *series = new QLineSeries;
        series->setName(tr("budget left (%)"));
        QList<QPointF> points;
        double lowest = 0, highest = 100;
        for (const QJsonValue &day : QJsonDocument::fromJson(body).object().value(QLatin1String("days")).toArray()) {
            const double value = day[QLatin1String("budget_remaining")].toDouble() * 100;
            points.append({double(QDateTime::fromString(day[QLatin1String("day")].toString(), Qt::ISODateWithMs).toMSecsSinceEpoch()), value});
            lowest = std::min(lowest, value);
            highest = std::max(highest, value);
        }
        series->replace(points); // one replace per update, not an append loop
        chart->addSeries(series);
        auto *time = new QDateTimeAxis;
        time->setFormat(QStringLiteral("MMM d"));
        auto *values = new QValueAxis;
        values->setRange(lowest, highest);
        chart->addAxis(time, Qt::AlignBottom);
        chart->addAxis(values, Qt::AlignLeft);
        series->attachAxis(time);
        series->attachAxis(values);
    });
}

void SlosPane::edit(bool create)
{
    const QString id = selectedId();
    if (!create && id.isEmpty()) {
        m_message->setText(tr("Select an SLO to edit."));
        return;
    }
    QJsonObject current = m_model->sloAt(m_model->rowOf(id));
    current.remove(QStringLiteral("status"));
    const QString text = create ? QString::fromUtf8(sloTemplate) : QString::fromUtf8(QJsonDocument(current).toJson(QJsonDocument::Indented));
    auto *dialog = new JsonEditorDialog(create ? tr("New SLO") : tr("Edit SLO %1").arg(id), text, sloProblems, this);
    dialog->setObjectName(QStringLiteral("sloEditorDialog"));
    connect(dialog, &JsonEditorDialog::saveRequested, this, [this, dialog, create, id](const QByteArray &document) {
        m_engine->localCall(create ? "POST" : "PUT", create ? QStringLiteral("/api/slo") : QStringLiteral("/api/slo/%1").arg(id), document, dialog,
                            [this, dialog](int status, const QByteArray &body) {
                                if (status / 100 != 2)
                                    return dialog->showServerError(body);
                                dialog->accept();
                                refresh();
                            });
    });
    dialog->open();
}

void SlosPane::deleteSelected()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    m_engine->localCall("DELETE", QStringLiteral("/api/slo/%1").arg(id), {}, this, [this, id](int status, const QByteArray &) {
        m_message->setText(status == 204 ? tr("Deleted %1.").arg(id) : tr("Could not delete %1.").arg(id));
        refresh();
    });
}

void SlosPane::chooseReportFile()
{
    const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath(QStringLiteral("slo-report-%1.pdf").arg(QDate::currentDate().toString(Qt::ISODate)));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export SLO compliance report"), suggested,
                                                      tr("PDF (*.pdf);;Markdown (*.md);;JSON (*.json)"));
    if (!path.isEmpty())
        exportReport(path);
}

void SlosPane::exportReport(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QString format = suffix == QLatin1String("md") ? QStringLiteral("markdown") : suffix == QLatin1String("json") ? QStringLiteral("json") : QStringLiteral("pdf");
    m_message->setText(tr("Writing the report…"));
    m_engine->localCall("GET", QStringLiteral("/api/slo/report?format=") + format, {}, this, [this, path](int status, const QByteArray &body) {
        if (status != 200) {
            m_message->setText(tr("Report failed: %1").arg(QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toString()));
            return;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size() || !file.commit()) {
            m_message->setText(tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
            return;
        }
        m_message->setText(tr("Report saved to %1.").arg(QDir::toNativeSeparators(path)));
        Q_EMIT reportExported(path);
    });
}

} // namespace gui
