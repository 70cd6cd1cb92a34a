FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app

COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt

COPY . .
RUN SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-0123456789 \
    ALLOWED_HOSTS=build.invalid python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 chanjiao && chown -R chanjiao /app/var
USER chanjiao

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
