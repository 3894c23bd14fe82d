"""What pyproject.toml cannot say: the site's templates/ and static/, beside the apps in a checkout, go inside the
newsroom package of a wheel (newsroom/templates, newsroom/static; newsroom.settings finds them either way).
Everything else about the build is in pyproject.toml."""

from setuptools import find_packages, setup

NOT_SHIPPED = ["tests", "tests.*", "conformance", "conformance.*", "tools", "tools.*", "deploy", "deploy.*"]

setup(
    packages=[*find_packages(exclude=NOT_SHIPPED), "newsroom.templates", "newsroom.static"],
    package_dir={"newsroom.templates": "templates", "newsroom.static": "static"},
    # ... and an app's own static/ and templates/ folders (newsletters/static/…).
    package_data={"newsroom.templates": ["**/*"], "newsroom.static": ["**/*"], "": ["static/**/*", "templates/**/*"]},
)
