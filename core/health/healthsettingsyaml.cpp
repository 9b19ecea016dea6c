#include "core/health/healthsettings.h"

#include "core/health/healthsettings_p.h"
#include "core/health/servicerules.h"
#include "core/health/settingsparser_p.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <initializer_list>

// The settings file format: parsing with line/column messages, and writing.

namespace meshscope::core {

using settingsdetail::Problem;
using settingsdetail::tr;

using settingsdetail::ParseError;
using settingsdetail::Parser;

Result<HealthSettings> HealthSettings::fromYaml(const QByteArray &yaml, const QString &origin)
{
    Parser parser(origin);
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        HealthSettings s = parser.parse(root);
        const Problem p = settingsdetail::firstProblem(s);
        if (!p.message.isEmpty())
            parser.fail(parser.markOf(p.key), p.key, p.message);
        return s;
    } catch (const ParseError &e) {
        return Result<HealthSettings>::failure(e.message);
    } catch (const YAML::Exception &e) {
        // Syntax errors: yaml-cpp's Mark is 0-based.
        return Result<HealthSettings>::failure(parser.where(e.mark) + tr(": YAML syntax error: ") +
                                               QString::fromStdString(e.msg));
    }
}

Result<HealthSettings> HealthSettings::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<HealthSettings>::failure(path + tr(": cannot read: ") + file.errorString());
    return fromYaml(file.readAll(), path);
}

} // namespace meshscope::core
