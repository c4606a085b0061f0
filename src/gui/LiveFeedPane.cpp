#include "gui/LiveFeedPane.h"

#include "models/EventFilterProxyModel.h"
#include "models/LiveFeedModel.h"
#include "models/ModelRoles.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace gui {

LiveFeedPane::LiveFeedPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new models::LiveFeedModel(5000, this))
    , m_proxy(new models::EventFilterProxyModel(this))
    , m_table(new QTableView)
    , m_pause(new QToolButton)
    , m_filterText(new QLineEdit)
    , m_source(new QComboBox)
    , m_severity(new QComboBox)
    , m_count(new QLabel)
    , m_filterDelay(new QTimer(this))
{
    setObjectName(QStringLiteral("liveFeedPane"));
    m_proxy->setSourceModel(m_model);

    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_pause->setText(tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::Key_Space));
    m_pause->setToolTip(tr("Pause the feed (Space); arrivals are held and shown on resume"));
    connect(m_pause, &QToolButton::toggled, this, [this](bool paused) {
        m_model->setPaused(paused);
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        updateCountLabel();
    });
    connect(m_model, &models::LiveFeedModel::heldCountChanged, this, &LiveFeedPane::updateCountLabel);

    m_filterText->setObjectName(QStringLiteral("filterEdit"));
    m_filterText->setPlaceholderText(tr("Filter: text in source, type or payload"));
    m_filterText->setClearButtonEnabled(true);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(200); // typing a word filters once, not once per key
    connect(m_filterText, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, &LiveFeedPane::applyFilter);

    m_source->setObjectName(QStringLiteral("sourceCombo"));
    m_source->addItem(tr("All services"), QString());
    m_source->setMinimumContentsLength(14);
    connect(m_source, &QComboBox::currentIndexChanged, this, &LiveFeedPane::applyFilter);

    m_severity->setObjectName(QStringLiteral("severityCombo"));
    for (int s = 0; s < core::severityCount; ++s)
        m_severity->addItem(s == 0 ? tr("All severities") : tr("%1 and above").arg(core::severityName(core::Severity(s))), s);
    connect(m_severity, &QComboBox::currentIndexChanged, this, &LiveFeedPane::applyFilter);

    m_count->setObjectName(QStringLiteral("feedCountLabel"));

    m_table->setObjectName(QStringLiteral("liveFeedTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(models::LiveFeedModel::TimeColumn, 100);
    m_table->setColumnWidth(models::LiveFeedModel::SeverityColumn, 80);
    m_table->setColumnWidth(models::LiveFeedModel::SourceColumn, 120);
    m_table->setColumnWidth(models::LiveFeedModel::TypeColumn, 120);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT eventActivated(index.data(models::EventRole).value<core::EventRecord>());
    });

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_pause);
    controls->addWidget(m_filterText, 1);
    controls->addWidget(m_source);
    controls->addWidget(m_severity);
    controls->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_table, 1);
    updateCountLabel();
}

void LiveFeedPane::appendEvents(const core::EventBatch &batch, qint64 skipped)
{
    m_skipped += skipped;
    m_model->appendBatch(*batch);
    updateCountLabel();
}

void LiveFeedPane::setKnownSources(const QStringList &sources)
{
    for (const QString &source : sources) {
        if (m_source->findData(source) < 0)
            m_source->addItem(source, source);
    }
}

void LiveFeedPane::applyFilter()
{
    core::EventFilter filter;
    filter.text = m_filterText->text().trimmed();
    filter.source = m_source->currentData().toString();
    filter.minSeverity = core::Severity(m_severity->currentData().toInt());
    m_proxy->setEventFilter(filter);
    updateCountLabel();
}

void LiveFeedPane::updateCountLabel()
{
    QString text = tr("%1 shown").arg(m_proxy->rowCount());
    if (m_model->isPaused())
        text += tr(" \u2022 paused, %1 held").arg(m_model->heldCount());
    m_count->setText(text);
}

} // namespace gui
