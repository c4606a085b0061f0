#include "gui/ChannelDialog.h"

#include "gui/JsonHighlighter.h"
#include "gui/Theme.h"
#include "services/Engine.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace gui {

namespace {


QLabel *hiddenProblemLabel(const QString &objectName)
{
    QLabel *label = makeProblemLabel(objectName);
    label->hide();
    return label;
}

void showProblems(QLabel *label, const QStringList &problems)
{
    label->setText(problems.join(QLatin1Char('\n')));
    label->setVisible(!problems.isEmpty());
}

} // namespace

ChannelDialog::ChannelDialog(services::Engine *engine, const QJsonObject &existing, QWidget *parent)
    : QDialog(parent)
    , m_engine(engine)
    , m_name(new QLineEdit)
    , m_kind(new QComboBox)
    , m_settings(new QPlainTextEdit)
    , m_settingsProblems(hiddenProblemLabel(QStringLiteral("settingsProblems")))
    , m_secretLabel(new QLabel)
    , m_secret(new QLineEdit)
    , m_secretEnv(new QLineEdit)
    , m_secretProblems(hiddenProblemLabel(QStringLiteral("secretProblems")))
    , m_nameProblems(hiddenProblemLabel(QStringLiteral("nameProblems")))
{
    setObjectName(QStringLiteral("channelDialog"));
    setWindowTitle(existing.isEmpty() ? tr("New notification channel") : tr("Channel %1").arg(existing.value(QLatin1String("name")).toString()));
    m_name->setObjectName(QStringLiteral("channelName"));
    m_kind->setObjectName(QStringLiteral("channelKind"));
    m_settings->setObjectName(QStringLiteral("channelSettings"));
    m_secret->setObjectName(QStringLiteral("channelSecret"));
    m_secretEnv->setObjectName(QStringLiteral("channelSecretEnv"));
    m_kind->addItems({QStringLiteral("slack"), QStringLiteral("pagerduty"), QStringLiteral("email"), QStringLiteral("webhook")});
    m_secret->setEchoMode(QLineEdit::Password);
    m_secretEnv->setPlaceholderText(tr("or the name of an environment variable that holds it"));
    new JsonHighlighter(m_settings->document());
    m_settings->setMinimumHeight(120);

    if (!existing.isEmpty()) {
        m_name->setText(existing.value(QLatin1String("name")).toString());
        m_name->setReadOnly(true);
        m_kind->setCurrentText(existing.value(QLatin1String("kind")).toString());
    }
    kindChanged();
    if (!existing.isEmpty()) {
        QJsonObject settings = existing;
        for (const char *drop : {"name", "kind", "health"})
            settings.remove(QLatin1String(drop));
        const QJsonValue secret = settings.take(secretField());
        if (secret.isObject())
            m_secretEnv->setText(secret.toObject().value(QLatin1String("env")).toString());
        else if (secret.isString())
            m_secret->setPlaceholderText(tr("stored in the OS keychain (%1); leave empty to keep it").arg(secret.toString()));
        m_settings->setPlainText(QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Indented)));
    }
    connect(m_kind, &QComboBox::currentTextChanged, this, &ChannelDialog::kindChanged);

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(QString(), m_nameProblems);
    form->addRow(tr("Kind"), m_kind);
    form->addRow(tr("Settings"), m_settings);
    form->addRow(QString(), m_settingsProblems);
    form->addRow(m_secretLabel, m_secret);
    form->addRow(QString(), m_secretEnv);
    form->addRow(QString(), m_secretProblems);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("channelSave"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ChannelDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(560, 460);
}

QString ChannelDialog::secretField() const
{
    const QString kind = m_kind->currentText();
    if (kind == QLatin1String("slack"))
        return QStringLiteral("url");
    if (kind == QLatin1String("pagerduty"))
        return QStringLiteral("routing_key");
    if (kind == QLatin1String("email"))
        return QStringLiteral("password");
    return QStringLiteral("secret");
}

void ChannelDialog::kindChanged()
{
    const QString kind = m_kind->currentText();
    const QString field = secretField();
    m_secretLabel->setText(kind == QLatin1String("slack") ? tr("Webhook URL") : kind == QLatin1String("pagerduty") ? tr("Routing key")
                                                        : kind == QLatin1String("email")                        ? tr("SMTP password")
                                                                                                                : tr("Signing secret"));
    m_secret->setPlaceholderText(tr("kept in the OS keychain, shown masked"));
    if (!m_name->isReadOnly() || m_settings->toPlainText().trimmed().isEmpty()) {
        // A starting point with the settings this kind takes.
        const char *example = kind == QLatin1String("slack")       ? "{\n  \"channel\": \"#noc\"\n}"
                            : kind == QLatin1String("pagerduty")   ? "{\n  \"url\": \"https://events.pagerduty.com/v2/enqueue\"\n}"
                            : kind == QLatin1String("email")       ? "{\n  \"smtp_url\": \"smtp://mail.example.org:587\",\n  \"from\": \"sentinel@example.org\",\n  \"to\": [\"noc@example.org\"],\n  \"username\": \"sentinel\",\n  \"starttls\": true\n}"
                                                                    : "{\n  \"url\": \"https://hooks.example.org/sentinel\",\n  \"headers\": {}\n}";
        m_settings->setPlainText(QString::fromLatin1(example));
    }
    Q_UNUSED(field);
}

void ChannelDialog::save()
{
    QJsonParseError error;
    const QJsonDocument settings = QJsonDocument::fromJson(m_settings->toPlainText().toUtf8(), &error);
    if (!settings.isObject()) {
        showProblems(m_settingsProblems, {tr("not a JSON object: %1").arg(error.errorString())});
        return;
    }
    QJsonObject body = settings.object();
    body.insert(QStringLiteral("kind"), m_kind->currentText());
    const QString field = secretField();
    if (!m_secretEnv->text().trimmed().isEmpty())
        body.insert(field + QStringLiteral("_env"), m_secretEnv->text().trimmed());
    else if (!m_secret->text().isEmpty())
        body.insert(field, m_secret->text());
    const QString name = m_name->text().trimmed();
    m_engine->localCall("PUT", QStringLiteral("/v1/notify/channels/%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(name))),
                        QJsonDocument(body).toJson(QJsonDocument::Compact), this, [this, field](int status, const QByteArray &answer) {
                            if (status == 200 || status == 201) {
                                m_secret->clear();
                                accept();
                                return;
                            }
                            const QJsonObject o = QJsonDocument::fromJson(answer).object();
                            QStringList secret, settings, name;
                            for (const QJsonValue &d : o.value(QLatin1String("details")).toArray()) {
                                const QString path = d.toObject().value(QLatin1String("path")).toString();
                                const QString text = d.isString() ? d.toString() : path + QStringLiteral(": ") + d.toObject().value(QLatin1String("problem")).toString();
                                if (path == field || path == field + QStringLiteral("_env") || d.isString())
                                    secret.append(text);
                                else if (path == QLatin1String("name"))
                                    name.append(text);
                                else
                                    settings.append(text);
                            }
                            if (secret.isEmpty() && settings.isEmpty() && name.isEmpty())
                                settings.append(o.value(QLatin1String("error")).toString());
                            else if (status == 503)
                                secret.prepend(o.value(QLatin1String("error")).toString());
                            showProblems(m_secretProblems, secret);
                            showProblems(m_settingsProblems, settings);
                            showProblems(m_nameProblems, name);
                        });
}

} // namespace gui
