"""A shelter's CVR and P-number for Danmarks Statistik, and its leader who reports."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import hjemvej.shelters.identifiers


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_audit_chain_and_lists"),
        ("shelters", "0003_stay_discharged_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="shelter",
            name="cvr_number",
            field=models.CharField(
                blank=True,
                help_text="8 cifre. Boformens (eller kommunens) CVR-nummer, som Danmarks "
                "Statistik kender indberetningen under.",
                max_length=8,
                validators=[hjemvej.shelters.identifiers.validate_cvr],
                verbose_name="CVR-nummer",
            ),
        ),
        migrations.AddField(
            model_name="shelter",
            name="leader",
            field=models.ForeignKey(
                blank=True,
                help_text="En medarbejder på boformen. Lederen danner boformens kvartalsvise fil "
                "til Danmarks Statistik (docs/access.md).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="leder (forstander)",
            ),
        ),
        migrations.AddField(
            model_name="shelter",
            name="p_number",
            field=models.CharField(
                blank=True,
                help_text="10 cifre: produktionsenhedens nummer i CVR, for boformens adresse.",
                max_length=10,
                validators=[hjemvej.shelters.identifiers.validate_p_number],
                verbose_name="P-nummer",
            ),
        ),
        migrations.AddConstraint(
            model_name="shelter",
            constraint=models.UniqueConstraint(
                condition=models.Q(("p_number", ""), _negated=True),
                fields=("p_number",),
                name="one_shelter_per_p_number",
                violation_error_message="En anden boform har allerede dette P-nummer.",
            ),
        ),
    ]
