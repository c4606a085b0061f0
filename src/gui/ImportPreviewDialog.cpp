#include "gui/ImportPreviewDialog.h"

#include "models/RulesModel.h"
#include "rules/RuleJson.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gui {

ImportPreviewDialog::ImportPreviewDialog(const QStringList &files, const QList<rules::Rule> &current, QWidget *parent)
    : QDialog(parent)
    , m_tree(new QTreeWidget)
    , m_summary(new QLabel)
{
    setObjectName(QStringLiteral("importPreviewDialog"));
    setWindowTitle(tr("Import rules"));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(760, 420);
    m_tree->setObjectName(QStringLiteral("importPreviewTree"));
    m_tree->setRootIsDecorated(false);
    m_tree->setHeaderLabels({tr("Result"), tr("Rule"), tr("File"), tr("Details")});
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 100);
    m_tree->setColumnWidth(1, 180);
    m_tree->setColumnWidth(2, 160);

    QHash<QString, rules::Rule> byId;
    for (const rules::Rule &r : current)
        byId.insert(r.id, r);
    QList<rules::Rule> valid;
    const auto add = [this](const QString &status, const QString &rule, const QString &file, const QString &details) {
        auto *item = new QTreeWidgetItem({status, rule, file, details});
        static const QHash<QString, QColor> colours{{tr("created"), QColor(0x7f, 0xd1, 0x7f)}, {tr("updated"), QColor(0xf2, 0xb1, 0x34)},
                                                    {tr("unchanged"), QColor(0x8f, 0xa6, 0xbf)}, {tr("invalid"), QColor(0xff, 0x6b, 0x6b)}};
        item->setForeground(0, colours.value(status));
        item->setData(0, Qt::UserRole, status);
        m_tree->addTopLevelItem(item);
    };
    for (const QString &path : files) {
        const QString name = QFileInfo(path).fileName();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            add(tr("invalid"), QString(), name, file.errorString());
            continue;
        }
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(file.readAll(), &error);
        if (!json.isObject()) {
            add(tr("invalid"), QString(), name, json.isNull() ? tr("not JSON: %1").arg(error.errorString()) : tr("not a rule document"));
            continue;
        }
        const QJsonObject object = json.object();
        const QJsonArray items = object.contains(QLatin1String("rules")) ? object.value(QLatin1String("rules")).toArray() : QJsonArray{object};
        for (qsizetype i = 0; i < items.size(); ++i) {
            QList<rules::RuleProblem> problems;
            const QString prefix = object.contains(QLatin1String("rules")) ? QStringLiteral("rules[%1].").arg(i) : QString();
            const auto rule = rules::parseRule(items[i].toObject(), &problems, prefix);
            if (!rule) {
                QStringList text;
                for (const auto &p : problems)
                    text.append(tr("%1: %2").arg(p.path, p.problem));
                add(tr("invalid"), items[i].toObject().value(QLatin1String("name")).toString(), name, text.join(QLatin1String("; ")));
                continue;
            }
            const auto existing = byId.constFind(rule->id);
            if (existing == byId.cend())
                add(tr("created"), rule->id, name, rule->name);
            else if (rules::ruleToJson(*existing) == rules::ruleToJson(*rule))
                add(tr("unchanged"), rule->id, name, rule->name);
            else
                add(tr("updated"), rule->id, name, rule->name);
            valid.append(*rule);
        }
    }
    m_document = models::RulesModel::exportDocument(valid);
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setText(tr("%1 to create, %2 to update, %3 unchanged, %4 invalid (not imported)")
                           .arg(count(tr("created"))).arg(count(tr("updated"))).arg(count(tr("unchanged"))).arg(count(tr("invalid"))));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Cancel);
    m_apply = buttons->button(QDialogButtonBox::Apply);
    m_apply->setObjectName(QStringLiteral("importApply"));
    m_apply->setEnabled(!valid.isEmpty());
    connect(m_apply, &QPushButton::clicked, this, [this] { Q_EMIT applyRequested(m_document); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
}

int ImportPreviewDialog::count(const QString &status) const
{
    int n = 0;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        n += m_tree->topLevelItem(i)->data(0, Qt::UserRole).toString() == status ? 1 : 0;
    return n;
}

void ImportPreviewDialog::showServerError(const QByteArray &errorBody)
{
    m_summary->setText(QJsonDocument::fromJson(errorBody).object().value(QLatin1String("error")).toString());
    m_summary->setStyleSheet(QStringLiteral("color: #ff6b6b;"));
}

} // namespace gui
